#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Validate containerlab topology files against clab.schema.json.

Usage: validate.py FILE...  Prints "FILE: valid" or "FILE: PATH: reason" for
each; exit status 1 if any is invalid."""
import json
import os
import sys

import jsonschema
import yaml

schema_path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "clab.schema.json")
with open(schema_path) as f:
    schema = json.load(f)
validator = jsonschema.Draft7Validator(schema)
bad = 0
for path in sys.argv[1:]:
    with open(path) as f:
        doc = yaml.safe_load(f)
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    if errors:
        bad += 1
        for e in errors[:5]:
            print(f"{path}: {'/'.join(str(p) for p in e.path)}: {e.message}")
    else:
        print(f"{path}: valid")
sys.exit(1 if bad else 0)
