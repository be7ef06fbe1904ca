"""Set 7: the seventh blind recall set (written after set 6 had become tuning material)."""
