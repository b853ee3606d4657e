"""QuickScale's benchmarks: each one is measured side by side with a baseline in the same run."""
