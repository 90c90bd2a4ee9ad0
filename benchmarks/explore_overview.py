"""The baseline a user would reach for: one overview map with `GeoDataFrame.explore()` on the same layers.

usage: .venv/bin/python benchmarks/explore_overview.py OUT.html
"""

import sys

import corridormap as cm

# reset_index(drop=True): the frame is indexed by its own "iso3" column, which explore() cannot reset.
countries = cm.boundaries(display=True).reset_index(drop=True)
corridors = cm.corridors()
nodes = cm.nodes()
m = countries.explore()
corridors.explore(m=m)
nodes.explore(m=m)
m.save(sys.argv[1])
