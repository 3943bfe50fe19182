"""Other SPARQL engines, run on loopback beside ikkan: for the benchmarks and the engine tests.

ikkan serves from its embedded store or from any SPARQL 1.1 endpoint (``--store-url``). The
benchmarks compare it with the servers a researcher might pick instead, and the engine tests run
the endpoint and site suites through ``--store-url`` on a real engine. This package starts those
engines the way a user would, each on a free loopback port in its own process group
(:mod:`~ikkan.engines.processes`), and loads the same N-Quads into them
(:mod:`~ikkan.engines.virtuoso` for Virtuoso Open Source 7). Nothing in the server imports it.
"""
