"""Views of the bodies app: `public` for everyone, `staff` for the bodies' secretaries and administrators."""
