"""The project's own FHIR validation: each JSON file against the HL7 FHIR R4 JSON schema
(fhir.schema.json beside this script) and the fhir.resources models (R4 4.0.1; STU3 3.0.2 with
--stu3, which skips the schema: it is R4's).

Usage: python fhir_validate.py [--stu3] FILE...
Prints one line per file ("OK   path" or "FAIL path", then up to 20 indented messages) and
closes with "N passed, N failed"; exits 1 when any file fails.

Run it with the Python of the environment `cargo xtask setup` makes (target/fhir-validate/),
which holds the exact versions in requirements.txt; tools/fhir-validate/fhir-validate does that.
"""

import json
import os
import sys

import jsonschema_rs


def main(args):
    stu3 = bool(args) and args[0] == "--stu3"
    files = args[1:] if stu3 else args
    if stu3:
        from fhir.resources.STU3 import get_fhir_model_class

        validator = None
    else:
        from fhir.resources import get_fhir_model_class

        schema_path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fhir.schema.json")
        with open(schema_path, encoding="utf-8") as f:
            validator = jsonschema_rs.Draft6Validator(json.load(f))
    bad = 0
    for path in files:
        errors = []
        try:
            with open(path, encoding="utf-8") as f:
                document = json.load(f)
        except Exception as e:  # noqa: BLE001 - any unreadable file is a failure to report
            document, errors = None, ["json: " + str(e)]
        if document is not None:
            if validator is not None:
                errors += [
                    "schema /%s: %s" % ("/".join(map(str, e.instance_path)), e.message[:200])
                    for e in validator.iter_errors(document)
                ]
            try:
                get_fhir_model_class(document["resourceType"]).parse_obj(document)
            except Exception as e:  # noqa: BLE001 - the model's refusal is the message
                errors.append("model: " + str(e).replace("\n", " ")[:400])
        bad += bool(errors)
        print(("FAIL " if errors else "OK   ") + path)
        for message in errors[:20]:
            print("    " + message)
    print(f"{len(files) - bad} passed, {bad} failed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
