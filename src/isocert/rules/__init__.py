"""isocert.rules: the normative rules of accredited management-system certification, as pure Python.

This package imports nothing from Django (``tests/rules/test_purity.py`` enforces it). Each public function
names, in its docstring, the clause of ISO/IEC 17021-1 or the IAF mandatory document it implements.
Tables are CSV files in ``data/`` with their source written in the file header.
"""
