# %% [markdown]
# # Compress a ring to one number
#
# An autoencoder with a single node in its bottleneck learns to describe each event of a ring
# by one number, almost as well as one number can, and shows why one number must leave a seam.
#
# In this lecture we will (Assignment 5):
#
# - generate 1000 events in a ring with 0.95 < R < 1.05;
# - build an autoencoder 2 → 50 → 50 → 1 → 50 → 50 → 2 whose one-node latent layer has a
#   sigmoid output and a name;
# - train it with the input as its target, and compare its reconstructions with PCA's and
#   with the best that one number can do;
# - reuse the named latent layer to make an encoder and a decoder;
# - look at the codes of (0, 1) and (1, 0), scan the code from 0 to 1, and find the seam
#   where the code jumps.

# %% [markdown]
# ## Generate the ring
#
# We import the course package first (it also keeps TensorFlow's start-up messages quiet),
# seed everything with one number, and draw the events.

# %%
import numpy as np

from aegan import autoencoder, data, metrics, outputs, pca, plotting, training

SEED = 0
training.set_seed(SEED)  # Python, numpy and Keras seeds, and deterministic TensorFlow ops
out = outputs.Outputs("02_ring_autoencoder")

events = data.ring(1000, r_min=0.95, r_max=1.05, seed=SEED)
radii = np.hypot(events[:, 0], events[:, 1])
print("events:", events.shape, " radius from", radii.min().round(3), "to", radii.max().round(3))

# %%
out.show(plotting.ring_events(events, title="1000 events, 0.95 < R < 1.05"), "ring")

# %% [markdown]
# The events fill a thin band around the unit circle, uniformly in angle. Each event is two
# numbers; the angle alone would describe it up to the band's thickness, so one number
# should almost be enough.

# %% [markdown]
# ## Build the autoencoder
#
# `autoencoder.build_autoencoder` builds the assignment's network with Keras' Functional API:
# an input of 2 numbers, two encoding hidden layers of 50 ReLU nodes, a latent layer of one
# node with a sigmoid output (so the code is a number between 0 and 1) named `"latent"`,
# two decoding hidden layers of 50 nodes, and a linear output of 2 nodes. Its initial
# weights are drawn from `seed`.

# %%
ring_autoencoder = autoencoder.build_autoencoder(
    input_dim=2,
    hidden=(50, 50),
    latent_dim=1,
    latent_activation="sigmoid",
    latent_name="latent",
    seed=SEED,
)
ring_autoencoder.summary()

# %% [markdown]
# The bottleneck is the `latent` layer with output shape `(None, 1)`: every event must pass
# through a single number. Each layer has one weight per connection plus one bias per node
# (2 x 50 + 50 = 150 for the first), a few thousand in all.

# %% [markdown]
# ## Train the autoencoder
#
# An autoencoder is trained with its input as the target: `fit(events, events)`. We measure
# how good a reconstruction is by the Euclidean distance between an event and its
# reconstruction, and we train on that same number: the loss `autoencoder.euclidean_distance`
# is that distance, averaged over each batch by Keras. (The squared error of Lecture 1 works
# too, but it lets the few events that land far from their reconstruction dominate.)
#
# The recipe, `autoencoder.RING_RECIPE`, is printed below. Its optimizer is AdamW: Adam with a
# small weight decay, which pulls the weights gently towards zero and so keeps the decoded
# curve from bending after the chance fluctuations of our 1000 events. Its learning rate
# starts high, to find the shape of the ring quickly, and decays along a cosine to a small
# fraction of its start (`final_fraction`), to settle the decoded curve in the middle of the
# band. `autoencoder.train` is `fit(events, events)` with that loss.

# %%
import keras

recipe = autoencoder.RING_RECIPE
print(recipe)
history = autoencoder.train(
    ring_autoencoder,
    events,
    optimizer=recipe.optimizer(len(events)),
    epochs=recipe.epochs,
    batch_size=recipe.batch_size,
    seed=SEED,
)

# %% [markdown]
# The printout shows the mean loss at a few epochs: it falls from the scale of the ring to
# a few hundredths, close to the band's own spread. Under the hood, `training.fit` calls
# `model.fit` on a `tf.data` pipeline of in-memory tensors and runs a whole epoch (all its
# batches of 32) in one TensorFlow call: on a network this small, the overhead of one call per
# batch would cost more than the arithmetic, so each step is several times faster than with
# `model.fit` on numpy arrays, for the same steps. The last line shows the time per step.

# %% [markdown]
# ## Compare with PCA and with the best one number can do
#
# A Keras model is a function: calling it on an array of events returns their
# reconstructions (as a tensor, which `keras.ops.convert_to_numpy` turns into a numpy array).
# We reconstruct 10,000 fresh events, never seen in training, and compare three mean
# distances: the autoencoder's, PCA's with one component (Lecture 1), and the floor. A code of
# one number keeps the angle of an event but cannot also keep its radius: the best a decoder
# that goes round the ring once can do is to put every event back on the circle of median
# radius, so the mean distance is at least the mean of |R - median R|
# (`metrics.ring_distance_floor`).

# %%
fresh_events = data.ring(10_000, r_min=0.95, r_max=1.05, seed=SEED + 1)
reconstructions = keras.ops.convert_to_numpy(ring_autoencoder(fresh_events))
autoencoder_distance = metrics.reconstruction_distance(fresh_events, reconstructions).mean()

one_code_pca = pca.PCA(n_components=1).fit(events)
pca_reconstructions = one_code_pca.decode(one_code_pca.encode(fresh_events))
pca_distance = metrics.reconstruction_distance(fresh_events, pca_reconstructions).mean()
floor = metrics.ring_distance_floor(fresh_events)

print(f"mean reconstruction distance, autoencoder:  {autoencoder_distance:.4f}")
print(f"mean reconstruction distance, PCA (1 code): {pca_distance:.4f}")
print(f"floor for a one-number code:                {floor:.4f}")
print(f"PCA's distance / the autoencoder's: {pca_distance / autoencoder_distance:.0f}")

# %% [markdown]
# The autoencoder's mean distance is close to the floor, and smaller than PCA's by the
# factor printed last: PCA projects the ring on a line, the autoencoder bends its code
# around the ring. Part of the remaining gap to the floor comes from the seam, met below.

# %%
figure = plotting.reconstruction(fresh_events[:1000], reconstructions[:1000])
out.show(figure, "reconstructions")

# %% [markdown]
# The reconstructions (red) sit on a thin curve in the middle of the band: each event is
# moved, along the radius, onto that curve. The radial position inside the band is the
# information that one number could not keep.

# %% [markdown]
# ## Split it into an encoder and a decoder
#
# The latent layer has a name, so we can find it again and cut the network there:
# `autoencoder.split_autoencoder` makes an encoder (input → latent) and a decoder
# (latent → output) out of the autoencoder's own layers. The three models share their
# weights, so the encoder and the decoder are already trained.

# %%
encoder, decoder = autoencoder.split_autoencoder(ring_autoencoder, latent_name="latent")
print("encoder:", encoder.input_shape, "→", encoder.output_shape)
print("decoder:", decoder.input_shape, "→", decoder.output_shape)
codes = keras.ops.convert_to_numpy(encoder(fresh_events))
composed = keras.ops.convert_to_numpy(decoder(codes))
print("largest |decoder(encoder(x)) - autoencoder(x)|:", np.abs(composed - reconstructions).max())

# %% [markdown]
# Decoding the encoder's codes gives back the autoencoder's output, up to float rounding:
# the two halves are the whole network.

# %% [markdown]
# ## Encode (0, 1) and (1, 0)
#
# The assignment asks how the points (0, 1) and (1, 0) are mapped to the code. We encode
# them together with the six other points at multiples of 45 degrees on the unit circle.

# %%
angles = np.arange(0, 360, 45)
circle_points = np.stack([np.cos(np.radians(angles)), np.sin(np.radians(angles))], axis=1)
circle_points = circle_points.round(12).astype(np.float32)  # exact 0 and 1
circle_codes = keras.ops.convert_to_numpy(encoder(circle_points))[:, 0]
code_of = dict(zip(map(tuple, circle_points.tolist()), circle_codes, strict=True))
print(f"code of (0, 1): {code_of[(0.0, 1.0)]:.4f}")
print(f"code of (1, 0): {code_of[(1.0, 0.0)]:.4f}")
for angle, point, code in zip(angles, circle_points, circle_codes, strict=True):
    print(f"{angle:3d} degrees  ({point[0]:5.2f}, {point[1]:5.2f})  code {code:.4f}")

# %% [markdown]
# Going round the circle, the code changes steadily in one direction, except at one place
# where it jumps from one end of (0, 1) to the other. So (0, 1) and (1, 0) get well-separated
# codes, and which one is larger depends only on where that jump happens to be: a different
# seed may put it elsewhere and even reverse the direction.

# %% [markdown]
# ## Scan the code from 0 to 1
#
# Now the other way: we give the decoder 1001 codes evenly spaced from 0 to 1 and look at the
# (x, y) it returns. `metrics.angular_coverage` is the fraction of 360 one-degree sectors in
# which a decoded point falls.

# %%
scan = np.linspace(0, 1, 1001, dtype=np.float32)[:, None]
decoded = keras.ops.convert_to_numpy(decoder(scan))
decoded_radii = np.hypot(decoded[:, 0], decoded[:, 1])
decoded_angles = np.degrees(np.arctan2(decoded[:, 1], decoded[:, 0])) % 360
for index in range(0, 1001, 125):
    print(
        f"code {scan[index, 0]:.3f} → ({decoded[index, 0]:6.3f}, {decoded[index, 1]:6.3f})"
        f"  angle {decoded_angles[index]:5.1f}  radius {decoded_radii[index]:.3f}"
    )
coverage = metrics.angular_coverage(decoded)
print(f"fraction of the ring's angle covered by the scan: {coverage:.3f}")

# %%
out.show(plotting.decoded_curve(events, scan, decoded, title="decoded scan"), "decoded_scan")

# %% [markdown]
# The decoder draws the code out as a curve that runs round the ring, near radius 1, in the
# middle of the band: the colour goes from dark (code 0) to yellow (code 1) as the curve
# goes round, and the printed radii stay close to 1. The curve is made of straight pieces:
# with ReLU nodes the decoder is a piecewise linear function of the code. The two ends of
# the curve, at code 0 and code 1, meet at about the same angle: that meeting point is the
# seam.

# %% [markdown]
# ## Find the seam
#
# Plotting each event's code against its polar angle shows how the encoder reads the ring.

# %%
figure = plotting.code_vs_angle(fresh_events[:2000], codes[:2000], title="the encoder")
out.show(figure, "code_vs_angle")
start, end = decoded_angles[0], decoded_angles[-1]
print(f"the decoded curve starts (code 0) at {start:.1f} degrees and ends (code 1) at {end:.1f}")

# %% [markdown]
# The code is a steady, nearly linear function of the angle, except at one angle where it
# jumps from one end of the interval to the other: the seam, between the two ends of the
# decoded curve printed above. Events right at the seam are the ones reconstructed worst:
# the rare event whose code falls in the middle of the jump is decoded on the far side of
# the ring.
#
# Any encoder of a circle into one number has such a seam. An encoder that is continuous
# and gives different codes to different points is impossible: going once round the circle,
# the code must rise and then come back to where it started, so by the intermediate value
# theorem some code is reached twice, by two different points. (In topological words, there
# is no continuous injective map from a circle to an interval.) A network is a continuous
# function, so it makes the jump as steep as it can, and pays for the few events in the jump.

# %% [markdown]
# ## Exercises
#
# 1. Give the latent layer two nodes (`latent_dim=2`). What mean reconstruction distance do
#    you get now, compared with the floor of one number?

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# two_codes = autoencoder.build_autoencoder(latent_dim=2, seed=SEED)
# autoencoder.train(
#     two_codes, events, optimizer=recipe.optimizer(len(events)),
#     epochs=recipe.epochs, batch_size=recipe.batch_size, seed=SEED,
# )
# two_codes_reconstructions = keras.ops.convert_to_numpy(two_codes(fresh_events))
# print(metrics.reconstruction_distance(fresh_events, two_codes_reconstructions).mean())
# print(metrics.ring_distance_floor(fresh_events))
# ```
#
# With two numbers the code can keep both the angle and the radius, so the distance drops
# well below the one-number floor: the autoencoder is no longer forced to forget the band's
# thickness. Nor does it need a seam: two numbers can describe a circle without a jump.
#
# </details>

# %% [markdown]
# 2. Make the ring thicker, 0.8 < R < 1.2, and train the same autoencoder. How do the
#    floor and the autoencoder's distance change?

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# thick_events = data.ring(1000, r_min=0.8, r_max=1.2, seed=SEED)
# thick_fresh = data.ring(10_000, r_min=0.8, r_max=1.2, seed=SEED + 1)
# thick = autoencoder.build_autoencoder(seed=SEED)
# autoencoder.train(
#     thick, thick_events, optimizer=recipe.optimizer(len(thick_events)),
#     epochs=recipe.epochs, batch_size=recipe.batch_size, seed=SEED,
# )
# thick_reconstructions = keras.ops.convert_to_numpy(thick(thick_fresh))
# print(metrics.reconstruction_distance(thick_fresh, thick_reconstructions).mean())
# print(metrics.ring_distance_floor(thick_fresh))
# ```
#
# The floor grows with the thickness: a quarter of the band's width, 0.1 instead of 0.025.
# The autoencoder's distance follows it, staying just above: the code still keeps the angle
# and nothing else, and the lost radial spread is now four times larger.
#
# </details>

# %% [markdown]
# 3. Replace the sigmoid of the latent layer by a linear activation
#    (`latent_activation="linear"`). What range do the codes take, and is there still a seam?

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# linear_code = autoencoder.build_autoencoder(latent_activation="linear", seed=SEED)
# autoencoder.train(
#     linear_code, events, optimizer=recipe.optimizer(len(events)),
#     epochs=recipe.epochs, batch_size=recipe.batch_size, seed=SEED,
# )
# linear_encoder, linear_decoder = autoencoder.split_autoencoder(linear_code)
# linear_codes = keras.ops.convert_to_numpy(linear_encoder(fresh_events))
# print(linear_codes.min(), linear_codes.max())
# linear_reconstructions = keras.ops.convert_to_numpy(linear_code(fresh_events))
# print(metrics.reconstruction_distance(fresh_events, linear_reconstructions).mean())
# plotting.code_vs_angle(fresh_events, linear_codes)
# ```
#
# The codes are no longer confined to (0, 1): they spread over whatever range the encoder
# likes, several units wide. The reconstruction is about as good, and the seam is still
# there, as `code_vs_angle` shows: no continuous one-number code of a circle can avoid it.
#
# </details>

# %% [markdown]
# ## Save the models
#
# Run as a script, the lecture saves the three models in its output folder, to be loaded
# with `keras.saving.load_model` (after `import aegan.autoencoder`, which registers the loss).

# %%
for model, filename in [
    (ring_autoencoder, "autoencoder.keras"),
    (encoder, "encoder.keras"),
    (decoder, "decoder.keras"),
]:
    out.save_model(model, filename)

# %% [markdown]
# ## Recap
#
# In this lecture we have:
#
# - built the assignment's autoencoder, 2 → 50 → 50 → 1 → 50 → 50 → 2 with a named sigmoid
#   latent node, and trained it with the input as the target;
# - found that its one-number code reconstructs a ring close to the floor that one number
#   allows, many times better than PCA with one component;
# - reused the named latent layer to make an encoder and a decoder that share the trained
#   weights;
# - seen that the code follows the angle around the ring, that scanning it from 0 to 1
#   draws a curve round the ring, and that the code must jump somewhere: a continuous
#   one-number code of a circle always has a seam.
