#!/bin/sh
# OGP Desktop launcher, installed as /usr/bin/ogp-desktop by the ogp-desktop package.
# The program lives in /opt/ogp-desktop; the records live in each user's data folder
# (~/.local/share/ogp-desktop), never under /opt, so upgrades and removal leave them alone.
exec /opt/ogp-desktop/ogp-desktop "$@"
