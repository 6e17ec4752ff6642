"""Save small models of the classes that the split of flow and simulation moved (at 0108d2e).

Run once with that commit's package on the path (`PYTHONPATH=old/src python make.py DIR`); the
tests load the files with today's package and compare the outputs recorded in `expected.json`.
"""

import json
import sys
from pathlib import Path

import numpy as np

from aegan import data, flow, gan, simulation

out = Path(sys.argv[1])
energies, responses = data.calorimeter(20_000, seed=0)
scale = simulation.ResponseScale.fit(energies, responses, bins=5)
generator = gan.build_generator(latent_dim=2, hidden=4, output_dim=1, condition_dim=1, seed=1)
velocity = flow.build_velocity_field(1, (4,), condition_dim=1, seed=2)
models = {
    "gan_simulator": simulation.build_simulator(generator, scale, seed=3),
    "flow_simulator": flow.build_simulator(velocity, scale, steps=2, method="midpoint", seed=4),
    "flow_matching": flow.FlowMatching(velocity, seed=5, time_power=2.0),
}
probe = np.array([[10.0], [30.0], [90.0]], np.float32)
expected = {}
for name, model in models.items():
    model.save(out / f"{name}.keras")
    if name == "flow_matching":
        times = np.full((3, 1), 0.5, np.float32)
        conditions = simulation.energy_condition(probe[:, 0])
        result = model([probe / 100.0, times, conditions])
    else:
        simulation.reseed(model, 7)
        result = model(probe)
    expected[name] = np.asarray(result).ravel().tolist()
(out / "expected.json").write_text(json.dumps(expected, indent=1) + "\n")
