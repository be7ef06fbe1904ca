"""Set 6: the sixth blind recall set (written after set 5 had become tuning material)."""
