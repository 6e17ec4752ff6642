# %% [markdown]
# # PCA versus the autoencoder
#
# Principal component analysis compresses data well when the data lie near a straight line,
# and an autoencoder learns a compression of its own when they do not.
#
# In this lecture we will:
#
# - state the dimensionality reduction task: from N numbers to M < N numbers;
# - reproduce the lecture's five-point PCA table (Initial, Encoded, Decoded) from code;
# - see PCA fail on a ring, where no straight line describes the data;
# - meet the autoencoder: a bottleneck, a loss that compares output with input, no labels,
#   and `model.fit(X, X)`;
# - train a linear autoencoder with one code and find that it rediscovers PCA.
#
# To run it yourself, install the course package (`pip install .` in the repository, or
# `make docs`, which makes `.venv`), then run `python lectures/01_pca_vs_autoencoder.py`: it
# prints what this page shows and writes the figures as PNG files into
# `outputs/01_pca_vs_autoencoder/` of the repository, whatever folder you run it from (its
# first line says where; `AEGAN_OUTPUT_DIR` names another folder). As a notebook, figures
# are shown inline and nothing is written.

# %% [markdown]
# ## State the task
#
# We have N numbers per event and want M < N numbers that keep as much information as
# possible about the N. A *code* of M numbers is useful if we can go back: an **encoder**
# maps the N numbers to the code, a **decoder** maps the code back to N numbers, and the
# decoded event should be close to the initial one.
#
# PCA is one way to do this: rotate the axes so that the first axis follows the direction of
# largest spread, and keep only the coordinate along that axis (or along the first M axes).
# We import the course package first; it also keeps TensorFlow's start-up messages quiet.

# %%
import numpy as np
import pandas as pd

from aegan import data, outputs, pca, plotting, tables

SEED = 0  # the ring and the autoencoder's initial weights are drawn from it
out = outputs.Outputs("01_pca_vs_autoencoder")
names, points = data.five_points()
print(points)

# %% [markdown]
# ## Encode the five points with PCA
#
# `pca.PCA` finds the principal axes with numpy's singular value decomposition. It uses the
# vocabulary of the autoencoders to come: `fit` learns the axes, `encode` gives the code
# (the coordinate along the first axis), `decode` goes back to the plane.

# %%
model = pca.PCA(n_components=1).fit(points)
codes = model.encode(points)
decoded = model.decode(codes)

table = pd.DataFrame(
    {
        "initial x": points[:, 0],
        "initial y": points[:, 1],
        "encoded": codes[:, 0],
        "decoded x": decoded[:, 0],
        "decoded y": decoded[:, 1],
    },
    index=pd.Index(names, name="point"),
)
tables.show(table, decimals=2)

# %% [markdown]
# This is the lecture's table, computed. To be sure, we compare it with the numbers printed
# on the slide, copied here as data:

# %%
slide_codes = np.array([-0.63, -0.39, 0.09, 0.41, 0.53])
slide_decoded = np.array([[-0.54, -0.33], [-0.34, -0.20], [0.07, 0.04], [0.35, 0.21], [0.46, 0.27]])
code_difference = np.abs(codes[:, 0] - slide_codes).max()
decoded_difference = np.abs(decoded - slide_decoded).max()
print(f"largest code difference from the slide:    {code_difference:.1e}")
print(f"largest decoded difference from the slide: {decoded_difference:.1e}")
print("the slide's rounding: up to", 0.005)
print("first principal axis:", model.components_[0].round(3))
print("fraction of the variance it explains:", model.explained_variance_ratio_[0].round(3))

# %% [markdown]
# Both differences are below the slide's rounding, printed last. The first axis explains most of
# the spread, so one number per point keeps most of the information. The figure shows the
# points, the first axis, and where each point lands when decoded.

# %%
figure = plotting.pca_projection(points, decoded, model.components_[0], model.mean_, names=names)
out.show(figure, "five_points_pca")

# %% [markdown]
# Decoding moves each point perpendicularly onto the first axis (dotted lines): the code keeps
# the position *along* the axis and forgets the distance *from* it.

# %% [markdown]
# ## Watch PCA fail on a ring
#
# There are simple distributions where PCA cannot help. Take events on a ring: every
# direction through the centre has the same spread, so no axis is better than another, and
# projecting on any line throws away half of the picture.
#
# We measure how well a method reconstructs an event by the **reconstruction distance**: the
# Euclidean distance between the event and its reconstruction, averaged over the events. It
# is in the units of the data: here a fraction of the ring's radius.

# %%
events = data.ring(1000, r_min=0.95, r_max=1.05, seed=SEED + 1)
ring_pca = pca.PCA(n_components=1).fit(events)
ring_decoded = ring_pca.decode(ring_pca.encode(events))
ring_distance = np.linalg.norm(events - ring_decoded, axis=1)

ring_variance = ring_pca.explained_variance_ratio_[0]
print("fraction of the variance along the first axis:", ring_variance.round(3))
print("mean reconstruction distance:", ring_distance.mean().round(3))
print("for comparison, the ring's radius is about 1 and its thickness 0.1")

# %% [markdown]
# The first axis explains only about half of the variance, and the mean distance between an
# event and its reconstruction is a large fraction of the radius. The figure shows why: every
# event collapses onto one line through the centre.

# %%
figure = plotting.reconstruction(events, ring_decoded, title="PCA with one code")
out.show(figure, "ring_pca")

# %% [markdown]
# Two events at opposite ends of a chord perpendicular to the axis get the same code: the
# code cannot tell them apart. A one-number description of the ring exists (the angle), but
# it is not a linear function of (x, y). We need a compression that can bend.

# %% [markdown]
# ## Meet the autoencoder
#
# An **autoencoder** is a neural network trained to reproduce its input:
#
# - it has a **bottleneck**: a layer with fewer nodes than the input and the output, which
#   forces the network to squeeze the event into a few numbers;
# - its **loss compares the output with the input**, for instance the mean squared
#   difference;
# - so it is **unsupervised**: no labels are needed, the data are their own target;
# - the content of the bottleneck layer is the **compressed representation**, or **code**.
#
# The part before the bottleneck is the encoder, the part after it the decoder. In Keras the
# whole idea fits in one line: `model.fit(X, X)`, the target is the input.
#
# ## Train a linear autoencoder on the five points
#
# Before bending anything, a check that connects the two ideas: an autoencoder with a single
# linear code node and a linear output, trained with the squared error, should find the same
# line as PCA. Here it is, in plain Keras. The five points make one batch, so each epoch is
# one gradient step on all of them.

# %%
import keras
from keras import layers

keras.utils.set_random_seed(SEED)
inputs = keras.Input(shape=(2,))
code = layers.Dense(1, name="code")(inputs)  # the bottleneck: one number
reconstructed = layers.Dense(2, name="reconstruction")(code)
linear_autoencoder = keras.Model(inputs, reconstructed, name="linear_autoencoder")
EPOCHS = 200
linear_autoencoder.compile(optimizer=keras.optimizers.Adam(learning_rate=0.1), loss="mse")
history = linear_autoencoder.fit(points, points, epochs=EPOCHS, batch_size=5, verbose=0)
print(f"mean squared error after {EPOCHS} epochs: {history.history['loss'][-1]:.2e}")

# %% [markdown]
# `fit(points, points)`: the inputs are the targets. Now we decode the five points with
# both methods and compare them side by side.

# %%
autoencoder_decoded = linear_autoencoder.predict(points, verbose=0)
both = pd.DataFrame(
    {
        "PCA x": decoded[:, 0],
        "PCA y": decoded[:, 1],
        "autoencoder x": autoencoder_decoded[:, 0],
        "autoencoder y": autoencoder_decoded[:, 1],
        "distance": np.linalg.norm(decoded - autoencoder_decoded, axis=1),
    },
    index=pd.Index(names, name="point"),
)
tables.show(both, digits=3)
largest_difference = np.abs(decoded - autoencoder_decoded).max()
print(f"largest coordinate difference: {largest_difference:.1e}")

# %%
import matplotlib.pyplot as plt

figure, (left, right) = plt.subplots(1, 2, figsize=(10, 5), sharex=True, sharey=True)
plotting.pca_projection(points, decoded, model.components_[0], model.mean_, names=names, ax=left)
plotting.pca_projection(
    points, autoencoder_decoded, model.components_[0], model.mean_, names=names, ax=right
)
left.set_title("PCA")
right.set_title("linear autoencoder")
out.show(figure, "pca_vs_linear_autoencoder")

# %% [markdown]
# The two panels are indistinguishable: the decoded points agree within the difference
# printed above. Squared error with a linear bottleneck is minimised by projecting on the
# principal axes, so a linear autoencoder can only rediscover PCA's line and reconstructions.
#
# Its code need not be PCA's code, though. Each layer has biases, so the encoder is an affine
# map, `w · x + b`, and any code `a * (PCA's code) + c` with `a ≠ 0` serves the decoder as
# well, once it undoes `a` and `c`. We cut the trained network at its named `code` layer (the
# trick of the next lecture) and fit that straight line through the two codes.

# %%
linear_encoder = keras.Model(inputs, linear_autoencoder.get_layer("code").output)
autoencoder_codes = linear_encoder.predict(points, verbose=0)[:, 0]
slope, intercept = np.polyfit(codes[:, 0], autoencoder_codes, 1)
off_line = np.abs(autoencoder_codes - (slope * codes[:, 0] + intercept)).max()
sign = "+" if intercept >= 0 else "-"
print(f"autoencoder's code = {slope:.3f} * PCA's code {sign} {abs(intercept):.3f}")
print(f"largest departure from that line: {off_line:.1e}")

# %% [markdown]
# The autoencoder's code is PCA's code stretched by the printed slope and shifted by the
# printed intercept, exactly up to the small departure printed last: the same information,
# in other units. The power of autoencoders comes from the non-linear layers around the
# bottleneck: with them, the code can follow a ring. That is Assignment 5, in the next
# lecture.

# %% [markdown]
# ## Exercises
#
# 1. Fit PCA with two components on the five points. How far are the decoded points from
#    the initial ones?

# %% tags=["solution"]
two_components = pca.PCA(n_components=2).fit(points)
two_decoded = two_components.decode(two_components.encode(points))
print(f"largest |decoded - initial|: {np.abs(two_decoded - points).max():.1e}")
print("variance explained by the two axes:", two_components.explained_variance_ratio_.sum())

# %% [markdown] tags=["solution"]
# The decoded points are the initial ones, up to float rounding (the first number), and the
# two axes explain all of the variance (the second). With as many codes as coordinates PCA
# is a rotation about the mean, which loses nothing and compresses nothing.

# %% [markdown]
# 2. Give the linear autoencoder a `tanh` code node, `layers.Dense(1, activation="tanh")`,
#    keep the linear output, and train it on the ring's events. Does the non-linear code
#    beat PCA's line?

# %% tags=["solution"]
keras.utils.set_random_seed(SEED)
ring_inputs = keras.Input(shape=(2,))
tanh_code = layers.Dense(1, activation="tanh", name="code")(ring_inputs)
tanh_autoencoder = keras.Model(ring_inputs, layers.Dense(2)(tanh_code))
tanh_autoencoder.compile(optimizer=keras.optimizers.Adam(learning_rate=0.02), loss="mse")
tanh_autoencoder.fit(events, events, epochs=20, batch_size=50, verbose=0)
tanh_decoded = tanh_autoencoder.predict(events, verbose=0)
tanh_distances = np.linalg.norm(events - tanh_decoded, axis=1)
tanh_squared, pca_squared = np.mean(tanh_distances**2), np.mean(ring_distance**2)
spread = np.linalg.svd(tanh_decoded - tanh_decoded.mean(axis=0), compute_uv=False)
print(f"mean squared distance, tanh code: {tanh_squared:.4f}   PCA: {pca_squared:.4f}")
print(f"mean reconstruction distance, tanh code: {tanh_distances.mean():.3f}")
print(f"spread of its reconstructions across their line / along it: {spread[1] / spread[0]:.1e}")

# %% [markdown] tags=["solution"]
# No. The reconstructions all lie on one straight line (their spread across it, printed last,
# is float rounding), because the decoder is linear: whatever the code, the output is a
# fixed point plus the code times a fixed direction. Of all lines, PCA's is the best in
# squared distance, and the tanh code's (first number) is at least PCA's (second); its mean
# distance stays a large fraction of the radius, like PCA's. A non-linear code is not
# enough: the decoder must bend too, with hidden layers, as in the next lecture.

# %% [markdown]
# ## Recap
#
# In this lecture we have:
#
# - stated dimensionality reduction as finding an encoder and a decoder through M < N numbers;
# - computed the lecture's five-point table with PCA and checked it against the slide;
# - seen PCA collapse a ring onto a line, with a large reconstruction distance;
# - introduced the autoencoder: a bottleneck, a loss comparing output with input, no labels,
#   `model.fit(X, X)`;
# - trained a linear autoencoder that reproduces PCA's reconstructions, with a code that is
#   PCA's up to an affine map, which shows that the non-linear layers are what let an
#   autoencoder do better.
