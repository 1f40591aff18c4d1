import a
from b import (
  c,
)
ï»¿import d
ÿþ import e
from . import
from
import
