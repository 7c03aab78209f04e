"""The read stage: a report's header (closed schema, fields with their lines),
its Markdown body (figures, sanitised), the people its prose names, and the
read cache. Nothing here knows of records or pages.
"""
