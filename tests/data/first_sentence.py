"""A summarizer in its own process: JSON lines in, JSON lines out (used by the tests).

Behaviour for the tests, chosen by the first argument: "ok" (first sentence of each source),
"crash" (exit 3 with a message), "hang" (sleep), "garbage" (a broken line for the 2nd input),
"no-ids" (summaries in input order, without ids), "separators" (the same, each summary
holding U+2028, U+2029 and U+0085 unescaped: valid JSON that str.splitlines cuts), "slow"
(0.7 s per input, and each id appended to the file named by SUMMBENCH_TEST_LOG, so a test can
see what was recomputed; the config declares it: `env: [SUMMBENCH_TEST_LOG]`).
"""

import json
import os
import sys
import time

mode = sys.argv[1] if len(sys.argv) > 1 else "ok"
if mode == "crash":
    print("model file missing", file=sys.stderr)
    sys.exit(3)
if mode == "hang":
    time.sleep(30)
for n, line in enumerate(sys.stdin):
    record = json.loads(line)
    first = record["source"].split(". ")[0].strip().rstrip(".") + "."
    if mode == "slow":
        time.sleep(0.7)
        with open(os.environ["SUMMBENCH_TEST_LOG"], "a", encoding="utf-8") as log:
            log.write(record["id"] + "\n")
    if mode == "garbage" and n == 1:
        print("{not json")
    elif mode == "no-ids":
        print(json.dumps({"summary": first}))
    elif mode == "separators":
        line = json.dumps({"summary": f"{first}\u2028\u2029\x85 {n}"}, ensure_ascii=False)
        sys.stdout.buffer.write(line.encode("utf-8") + b"\n")
    else:
        print(json.dumps({"id": record["id"], "summary": first}))
