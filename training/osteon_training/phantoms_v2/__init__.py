"""Phantoms v2: synthetic bone radiographs whose signs overlap between labels, with a Bayes ceiling.

    signs.py        the hidden sign variables and their distribution families
    subtypes.py     tumour subtypes: label and P(sign | subtype)
    mimics.py       non-tumour findings (label normal): none, hardware, osteomyelitis, ...
    population.py   label prevalence, clinical context (independent of the label), label noise
    ceiling.py      the Bayes-optimal AUC implied by the tables (Monte Carlo, no rendering)
    readability.py  how much of each sign (and of the label) a network reads from the rendered lesion
    anatomy.py      sites, bones, joints and views in millimetres
    render.py       signs + anatomy -> attenuation image and masks; the sample-set CLI
    acquisition.py  per-centre detector, vendor processing, burn-ins, export encoding
    dataset.py      patients, views, splits and Bundles

Frozen: `VERSION` names the tables and the draw order; the same seed gives the same images.
"""

VERSION = "synthetic-phantoms-v2.0"
