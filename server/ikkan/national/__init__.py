"""The national layer: Japan's schools and local governments from the official lists.

This package turns three outside sources into named graphs beside the curated municipality
layers: MEXT's school-code list (every school, its kind, founder, status, dates, successor),
the list of local-government codes (prefectures, municipalities, designated-city wards) and a
Wikidata snapshot of municipality codes. It gets and checks the source files
(:mod:`.sources`), parses them (:mod:`.mext`, :mod:`.localgov`, :mod:`.wikidata`), places every
school in its municipality by its address (:mod:`.addresses`), derives successor chains and
merger events (:mod:`.history`), and emits quads per layer (:mod:`.graph`). The build calls one
function of :mod:`.layers` per layer; nothing here imports the build, the store or the web app.
"""
