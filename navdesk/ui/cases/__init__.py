"""Municipal case handling on screen: registering applications and taking a case from søknad to klage."""
