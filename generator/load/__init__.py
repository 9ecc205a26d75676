"""Stage 1, load: discover the files, parse front matter with positions (hardened YAML),
validate, and run the cross-file and body rules on the HTML the real renderer makes."""
