"""The demo: Lạng Sơn's (and Điện Biên's) projects with the published figures reproduced, and
synthetic, flagged detail around them. Nothing here is used by production code paths except the
first-run loading."""

from tracker.demo.build import DEMO_USER, build_demo_batch, ensure_demo, load_demo

__all__ = ["DEMO_USER", "build_demo_batch", "ensure_demo", "load_demo"]
