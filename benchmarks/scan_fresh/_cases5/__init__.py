"""Set 5: the fifth blind recall set (written after set 4 had become tuning material)."""
