"""The analysts' SPARQL library: one ``*.rq`` file per question, each with a parsed header.

``graph.querylib`` reads the headers; ``gbakg queries`` lists them and ``gbakg query NAME``
runs one. The files are plain SPARQL with their own ``PREFIX`` lines, so they also run
unchanged in any SPARQL UI or endpoint.
"""
