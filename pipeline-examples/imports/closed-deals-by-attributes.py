#!/usr/bin/env python3
"""Writes closed-deals-by-attributes.csv: closed deals drawn from a known logistic process.

Each deal's chance of being won is logistic(-0.2 + industry + source + 0.6 * (log10(employees) - 2)
- 0.5 * (log10(amount) - 4)); 'Region' and 'Days to close' have no effect. The file has no ids, no
dates and no owner, as public datasets often have not: the mapping beside it supplies them. Run with
Python 3; the seed makes the file the same on every run.
"""
import csv
import math
import random

INDUSTRY = {"Software": 0.8, "Finance": 0.0, "Manufacturing": 0.2, "Health": -0.3, "Retail": -0.7}
SOURCE = {"Referral": 0.9, "Inbound": 0.3, "Event": 0.0, "Outbound": -0.6}
REGIONS = ["North", "South", "East", "West"]

rng = random.Random(20261129)
with open("closed-deals-by-attributes.csv", "w", newline="", encoding="utf-8") as out:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["Company", "Industry", "Employees", "Lead source", "Region", "Amount", "Days to close", "Outcome"])
    for number in range(1, 1201):
        industry = rng.choice(list(INDUSTRY))
        source = rng.choice(list(SOURCE))
        employees = int(10 ** rng.uniform(1, 4))
        amount = round(10 ** rng.uniform(3, 5.3), 2)
        logit = (-0.2 + INDUSTRY[industry] + SOURCE[source] + 0.6 * (math.log10(employees) - 2)
                 - 0.5 * (math.log10(amount) - 4))
        won = rng.random() < 1 / (1 + math.exp(-logit))
        writer.writerow([f"Company {number}", industry, employees, source, rng.choice(REGIONS), f"{amount:.2f}",
                         rng.randint(1, 180), "Won" if won else "Lost"])
