"""The build engine: jobs, the manifest, the phase build and the document commands."""
