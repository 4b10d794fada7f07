"""python -m m31.cli"""
from . import main

raise SystemExit(main())
