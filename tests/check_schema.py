"""Checks every shipped evaluation JSON sample against schemas/evaluation.schema.json."""
import glob
import json
import os
import sys

import jsonschema

root = sys.argv[1]
with open(os.path.join(root, "schemas", "evaluation.schema.json"), encoding="utf-8") as f:
    schema = json.load(f)
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
samples = sorted(glob.glob(os.path.join(root, "data", "samples", "*.json")))
samples += sorted(glob.glob(os.path.join(root, "tests", "data", "import", "valid", "*.json")))
if not samples:
    print("no samples found")
    sys.exit(1)
failed = 0
for path in samples:
    with open(path, encoding="utf-8") as f:
        document = json.load(f)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    for error in errors:
        print(f"{path}: {'/'.join(map(str, error.path))}: {error.message}")
    failed += 1 if errors else 0
print(f"{len(samples) - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
