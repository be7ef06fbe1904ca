"""Record a small training run (dataset -> run -> model) on the ledger of $NEXUS_HOME, as a user
would with the SDK beside a running node; prints the record ids as JSON."""

import json
import sys
from pathlib import Path

import nexus

work = Path(sys.argv[1])
work.mkdir(parents=True, exist_ok=True)
data = work / "transactions.csv"
data.write_text("amount,label\n" + "".join(f"{i * 3 % 17},{i % 2}\n" for i in range(200)))
model = work / "fraud-model.json"
model.write_text(json.dumps({"weights": [0.3, -1.2], "bias": 0.1}))
with nexus.training_run("e2e-fraud", data={"train": data}, params={"depth": 3}, seed=7, packages=False) as run:
    run.log_metrics(auc=0.91)
    run.log_model(model, name="fraud-model", path=model)
print(json.dumps({"run": run.id, "data": run.data["train"].id, "model": run.models[0].id}))
