"""The 准则 as code: conduct rules, the engine that runs them, findings and their handling."""
