"""Thumbnail quality report (pure): WCAG contrast, safe margins, duration-badge corner, file
size, small-size legibility (offline OCR) and title size; plus ``fix_contrast``.

Usage::

    report = assess(result.image, design, result.boxes, backdrop=no_title.image, file_size=len(jpeg))
    if not report.passed:
        design = fix_contrast(design, report)
"""

from routix.quality.assess import assess, with_file_size, with_legibility
from routix.quality.color import relative_luminance, wcag_contrast
from routix.quality.fix import fix_contrast
from routix.quality.overlay import draw_guides
from routix.quality.report import Check, QualityReport

__all__ = ["Check", "QualityReport", "assess", "draw_guides", "fix_contrast", "relative_luminance", "wcag_contrast",
           "with_file_size", "with_legibility"]
