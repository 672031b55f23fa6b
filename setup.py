"""Only what pyproject.toml cannot say: the wheel carries templates/, static/ and statements/.

In the checkout they sit beside the package (the layout the project keeps); an installed package
finds them inside itself (facilitator.config.bundled). static/vendor/ must have been installed from
npm first (`npm ci`, which `make setup` runs).
"""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

BUNDLED = ("templates", "static", "statements")


class BuildWithAssets(build_py):
    def run(self):
        if not self.editable_mode:  # what an earlier build left (a module since removed) must not ship
            shutil.rmtree(Path(self.build_lib) / "facilitator", ignore_errors=True)
        super().run()
        if self.editable_mode:  # an editable install reads them from the checkout
            return
        if not Path("static/vendor/socket.io.min.js").exists():
            raise SystemExit("static/vendor/ is empty: run `npm ci` before building the wheel")
        for name in BUNDLED:
            shutil.copytree(name, Path(self.build_lib) / "facilitator" / name, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("*.gz", "*.br", ".gitkeep"))


setup(cmdclass={"build_py": BuildWithAssets})
