"""The build stage: builds into a fresh folder and swaps it in, state kept
between builds, one parallel runner, the Pelican patches, the live preview
server.
"""
