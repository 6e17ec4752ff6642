"""The models kept with the package (`aegan.course_models`), as Lecture 6 loads them."""

import keras
import pytest

from aegan import course_models


@pytest.mark.parametrize(
    ("name", "inputs", "outputs"),
    [("ring_vae_decoder", 1, 2), ("ring_gan_generator", None, 2), ("gan_simulator", 1, 1)],
)
def test_each_kept_model_loads(name, inputs, outputs, readable_keras_file):
    """Each kept model loads after `import aegan` and has its lecture's shape."""
    readable_keras_file(course_models.resources.files(course_models) / f"{name}.keras")
    model = course_models.load(name)
    assert isinstance(model, keras.Model)
    assert model.outputs[0].shape[-1] == outputs
    if inputs is not None:
        assert model.inputs[0].shape[-1] == inputs


def test_unknown_name_is_named():
    """A name that is not a kept model is an error naming the argument and the choices."""
    with pytest.raises(ValueError, match=r"name must be one of \('ring_vae_decoder'"):
        course_models.load("vae")


def test_older_keras_is_told_what_to_install(monkeypatch):
    """Keras reads only files of its own and older versions: an older one gets a clear error
    saying which version saved the file, not Keras's deserialisation traceback."""
    monkeypatch.setattr(course_models.keras, "__version__", "3.0.0")
    with pytest.raises(RuntimeError, match=r"saved by Keras 3\.\d+.* install a newer Keras"):
        course_models.load("gan_simulator")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("3.15.1", (3, 15, 1)), ("3.14.0rc1", (3, 14, 0)), ("3.16.0.dev1", (3, 16, 0))],
)
def test_versions_compare_by_their_numbers(text, expected):
    """Release candidates and development versions compare by their leading numbers."""
    assert course_models._version(text) == expected
