"""Python's tomllib as the reference for preflight's TOML parser (Tests/ChecksTests/TOMLParserTests.swift).

Reads documents framed as "<byte count>\n<bytes>" from stdin and prints one line per document:
  valid <canonical value>              tomllib accepts it
  valid-out-of-range <canonical value> tomllib accepts it but an integer does not fit in 64 bits (TOML 1.0
                                       requires an error there)
  invalid-year-zero <message>          tomllib refuses a date in year 0, which RFC 3339 and TOML allow
  invalid <message>                    tomllib refuses it (or it is not UTF-8, or nests deeper than Python's
                                       recursion limit)
The canonical value is toml-test's tagged JSON ({"type": "integer", "value": "1"}), keys sorted by code point,
every character outside [A-Za-z0-9 ] written as \\u{HEX}, floats as their IEEE 754 bit pattern, date-times
with six fraction digits and the offset in minutes.
"""
import datetime
import struct
import sys
import tomllib

if sys.version_info < (3, 11):
    sys.exit("tomllib needs python 3.11 or later")

SAFE = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ")


class OutOfRange(Exception):
    pass


def text(s):
    return "".join(c if c in SAFE else "\\u{%X}" % ord(c) for c in s)


def tagged(kind, value):
    return '{"type":"%s","value":"%s"}' % (kind, value)


def clock(t):
    return "%02d:%02d:%02d.%06d" % (t.hour, t.minute, t.second, t.microsecond)


def canonical(v, flags):
    if isinstance(v, bool):
        return tagged("bool", "true" if v else "false")
    if isinstance(v, int):
        if not -(2**63) <= v < 2**63:
            flags.add("out-of-range")
        return tagged("integer", str(v))
    if isinstance(v, float):
        if v != v:
            return tagged("float", "nan")
        return tagged("float", str(struct.unpack("<q", struct.pack("<d", v))[0]))
    if isinstance(v, str):
        return tagged("string", text(v))
    if isinstance(v, datetime.datetime):
        day = "%04d-%02d-%02dT%s" % (v.year, v.month, v.day, clock(v))
        if v.tzinfo is None:
            return tagged("datetime-local", day)
        return tagged("datetime", "%s%+d" % (day, v.utcoffset() // datetime.timedelta(minutes=1)))
    if isinstance(v, datetime.date):
        return tagged("date-local", "%04d-%02d-%02d" % (v.year, v.month, v.day))
    if isinstance(v, datetime.time):
        return tagged("time-local", clock(v))
    if isinstance(v, list):
        return "[" + ",".join(canonical(item, flags) for item in v) + "]"
    return "{" + ",".join('"%s":%s' % (text(k), canonical(v[k], flags)) for k in sorted(v)) + "}"


def verdict(data):
    try:
        doc = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        return "invalid " + str(error)
    except tomllib.TOMLDecodeError as error:
        cause = str(error.__cause__ or "")
        kind = "invalid-year-zero" if "year 0 is out of range" in cause else "invalid"
        return kind + " " + str(error).replace("\n", " ")
    except RecursionError:
        return "invalid nesting too deep for python's recursion limit"
    flags = set()
    value = canonical(doc, flags)
    return ("valid-out-of-range " if flags else "valid ") + value


def main():
    source = sys.stdin.buffer
    out = sys.stdout
    while True:
        header = source.readline()
        if not header:
            break
        data = source.read(int(header))
        out.write(verdict(data) + "\n")


main()
