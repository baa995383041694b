"""Workbooks: the one .xlsx writer, the layout pmsm writes, and the bounded reader of edited
workbooks.
"""
