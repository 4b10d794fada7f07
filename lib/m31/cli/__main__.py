"""python -m m31.cli"""
from . import run

run()
