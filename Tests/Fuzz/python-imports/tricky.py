import os, sys as system
from . import sibling
from ..pkg.mod import (a,
    b as bee,  # comment
    c)
from __future__ import annotations
if True:
    import json; import re
def f():
    from x.y import *
s = """import not_this"""
t = 'from nope import x'
x = 1 \
    ; import after_continuation
try:
    import ujson as json
except ImportError:
    pass
