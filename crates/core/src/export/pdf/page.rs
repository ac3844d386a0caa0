//! The page as drawn: paper and margins, and the items placed on it. The composer (`layout`)
//! produces it and the writer (`emit`) turns it into PDF objects; both depend on this, not on
//! each other's internals.

use super::font::FontWeight;

/// Points per millimetre.
pub(crate) const PT_PER_MM: f32 = 72.0 / 25.4;

/// Paper size and margins, in millimetres.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageSetup {
    pub width_mm: f32,
    pub height_mm: f32,
    pub margin_top_mm: f32,
    pub margin_right_mm: f32,
    pub margin_bottom_mm: f32,
    pub margin_left_mm: f32,
}

impl PageSetup {
    /// A4 portrait with the margins of an Indonesian official letter: 2.5 cm on the binding
    /// (left) side, 2 cm elsewhere.
    pub const fn a4_portrait() -> PageSetup {
        PageSetup {
            width_mm: 210.0,
            height_mm: 297.0,
            margin_top_mm: 20.0,
            margin_right_mm: 20.0,
            margin_bottom_mm: 20.0,
            margin_left_mm: 25.0,
        }
    }

    /// The same paper with other margins.
    pub const fn with_margins(self, top: f32, right: f32, bottom: f32, left: f32) -> PageSetup {
        PageSetup {
            margin_top_mm: top,
            margin_right_mm: right,
            margin_bottom_mm: bottom,
            margin_left_mm: left,
            ..self
        }
    }

    /// Width between the left and right margins.
    pub fn content_width_mm(&self) -> f32 {
        self.width_mm - self.margin_left_mm - self.margin_right_mm
    }
}

impl Default for PageSetup {
    fn default() -> Self {
        PageSetup::a4_portrait()
    }
}

/// Something drawn on a page, in millimetres from the top-left corner.
#[derive(Debug, Clone)]
pub(crate) enum Item {
    Text {
        x: f32,
        baseline: f32,
        weight: FontWeight,
        size_pt: f32,
        text: String,
        /// Extra width added to every space (justification), in millimetres.
        extra_space: f32,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width_pt: f32,
    },
    Fill {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        gray: f32,
    },
}
