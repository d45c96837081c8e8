"""The Reports area: order a leader report, preview its pages, save or print it."""
