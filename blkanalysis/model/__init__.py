"""The analysis: scenarios, formulas, budget intensity, target scaling, sweeps, expected results."""
