"""Build config beyond pyproject.toml: ship the top-level lexicons/ and models/ folders
inside the package as nlptk/lexicons and nlptk/models, and build the compiled segmentation
kernel, the POS Viterbi, the keyword kernels and the SIGBUS reporter. All are optional: when no C compiler is
available the build still succeeds and nlptk runs its pure-Python engines."""

import os

from setuptools import Extension, find_packages, setup

packages = find_packages(include=["nlptk", "nlptk.*"])
package_dir = {"": "."}
package_data = {}
for top in ("lexicons", "models"):
    for dirpath, _dirs, _files in os.walk(top):
        pkg = "nlptk." + dirpath.replace(os.sep, ".")
        packages.append(pkg)
        package_dir[pkg] = dirpath
        package_data[pkg] = ["*"]

# the stylesheet of rendered documents, and the page of `nlptk serve` with its assets
package_data["nlptk.doc"] = ["*.css"]
package_data["nlptk.serve"] = ["*.html", "*.js", "*.css"]

kernel = Extension("nlptk.segment._c._kernel", ["nlptk/segment/_c/_kernel.c"], optional=True)
# the averaged perceptron's hot paths (nlptk.sequence.perceptron); optional like the kernel
perceptron = Extension(
    "nlptk.sequence._perceptron", ["nlptk/sequence/_perceptron.c"], optional=True
)
viterbi = Extension("nlptk.sequence._viterbi", ["nlptk/sequence/_viterbi.c"], optional=True)
posseg = Extension("nlptk.pos._c._posseg", ["nlptk/pos/_c/_posseg.c"], optional=True)
# the perceptron POS tagger's per-sentence feature layout (nlptk.pos.perceptron)
pos_features = Extension("nlptk.pos._c._features", ["nlptk/pos/_c/_features.c"], optional=True)
# TextRank must add the same products as jieba: no fused multiply-adds (GCC and clang
# contract them by default where the CPU has FMA)
keywords = Extension(
    "nlptk.keywords._c._keywords",
    ["nlptk/keywords/_c/_keywords.c"],
    extra_compile_args=[] if os.name == "nt" else ["-ffp-contract=off"],
    optional=True,
)

# a SIGBUS inside a mapped file reported as one error line (nlptk._mapped); optional too
sigbus = Extension("nlptk._c._sigbus", ["nlptk/_c/_sigbus.c"], optional=True)

setup(
    packages=packages,
    package_dir=package_dir,
    package_data=package_data,
    ext_modules=[kernel, perceptron, viterbi, posseg, pos_features, keywords, sigbus],
)
