"""Build config beyond pyproject.toml: ship the top-level lexicons/ and models/ folders
inside the package as nlptk/lexicons and nlptk/models."""

import os

from setuptools import find_packages, setup

packages = find_packages(include=["nlptk", "nlptk.*"])
package_dir = {"": "."}
package_data = {}
for top in ("lexicons", "models"):
    for dirpath, _dirs, _files in os.walk(top):
        pkg = "nlptk." + dirpath.replace(os.sep, ".")
        packages.append(pkg)
        package_dir[pkg] = dirpath
        package_data[pkg] = ["*"]

setup(packages=packages, package_dir=package_dir, package_data=package_data)
