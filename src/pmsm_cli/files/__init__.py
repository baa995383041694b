"""Reading and writing files: YAML with positions, YAML editing, atomic writes, finding plans,
where data lives.
"""
