"""The models the course trains once and keeps with the package.

Lecture 6 compares its flows with models that Lectures 3 and 5 train; training them again on
its page would cost more time than the page may take, so `benchmarks/course_models.py` trains
them at seed 0 with those lectures' recipes and functions and saves them here:

- `ring_vae_decoder`: Lecture 3's VAE decoder (`recipes.RING_VAE`), one code to a ring point;
- `ring_gan_generator`: Lecture 5's ring GAN generator (`recipes.RING_GAN`);
- `gan_simulator`: Lecture 5's calorimeter simulator (`recipes.SIMULATOR_GAN`).
"""

import json
import re
import zipfile
from importlib import resources

import keras

#: The kept models, by name.
NAMES = ("ring_vae_decoder", "ring_gan_generator", "gan_simulator")


def _version(text: str) -> tuple[int, ...]:
    """Return a version's leading numbers: "3.15.1" -> (3, 15, 1), "3.14.0rc1" -> (3, 14, 0)."""
    numbers = []
    for part in text.split(".")[:3]:
        digits = re.match(r"\d*", part).group()
        if not digits:
            break
        numbers.append(int(digits))
        if digits != part:
            break
    return tuple(numbers)


def load(name: str) -> keras.Model:
    """Return the kept model `name` (one of `NAMES`), loaded.

    Raises:
        ValueError: if name is not one of `NAMES`.
        RuntimeError: if the installed Keras is older than the one that saved the file (Keras
            reads files of its own and older versions only), saying which to install.
    """
    if name not in NAMES:
        raise ValueError(f"name must be one of {NAMES}, got {name!r}")
    path = resources.files(__name__) / f"{name}.keras"
    with path.open("rb") as stream, zipfile.ZipFile(stream) as archive:
        saved_by = json.loads(archive.read("metadata.json"))["keras_version"]
    if _version(keras.__version__) < _version(saved_by):
        raise RuntimeError(
            f"{name}.keras was saved by Keras {saved_by} and Keras {keras.__version__} cannot "
            f"read it: install a newer Keras (pip install 'keras>={saved_by}')"
        )
    return keras.saving.load_model(str(path))
