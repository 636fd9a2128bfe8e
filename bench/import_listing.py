"""A synthetic `abstract-lines` listing of N distinct papers, for timing `papercat import`.

    python3 bench/import_listing.py 20000 > /tmp/big.txt
    time papercat import /tmp/big.txt --content /tmp/c
"""

from __future__ import annotations

import random
import sys

WORDS = ("model data learning network graph attention training sparse dense robust efficient image "
         "language speech video policy reward diffusion transformer kernel bound estimator").split()


def listing(n: int, seed: int = 0) -> str:
    rng = random.Random(seed)
    return "".join(f"Abstract: Paper {i} studies {' '.join(rng.choices(WORDS, k=40))}.\n" for i in range(n))


if __name__ == "__main__":
    sys.stdout.write(listing(int(sys.argv[1])))
