"""Writes golden.safetensors with the reference implementation (the Hugging Face `safetensors` package).

Regenerate: python3 -m venv /tmp/stvenv && /tmp/stvenv/bin/pip install safetensors numpy \
    && /tmp/stvenv/bin/python generate_golden.py   (run in this folder)
SafetensorsGoldenTest holds the expected values; change both together.
"""
import numpy as np
from safetensors.numpy import save_file

tensors = {
    "a.f32": np.array([[1.5, -0.0, np.inf], [-np.inf, 1e-45, 3.4028235e38]], dtype=np.float32),
    "b.f16": np.array([65504.0, -(2.0 ** -24), np.inf, 0.333251953125], dtype=np.float16),
    "c.i64": np.array([-5, 2 ** 40, 0], dtype=np.int64),
    "d.i32": np.array([[7], [-9]], dtype=np.int32),
    "e.u8": np.array([0, 200, 255], dtype=np.uint8),
    "f.bool": np.array([True, False], dtype=np.bool_),
    "g.scalar": np.array(42.0, dtype=np.float32),
    "h.empty": np.zeros((0, 3), dtype=np.float32),
    "i.f64": np.array([0.1, -2.5], dtype=np.float64),
}
save_file(tensors, "golden.safetensors", metadata={"format": "np", "note": "golden"})
