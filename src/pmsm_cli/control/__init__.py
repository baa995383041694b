"""Change control and tracking: change requests, the baseline, progress against it, syncing edited
workbooks.
"""
