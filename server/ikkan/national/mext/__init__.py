"""MEXT's school-code list (学校コード): its code tables, its rows and its branch schools."""
