"""Weekly notices (通报): build, render and deliver."""
