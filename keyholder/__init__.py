from signalmatch.keyholder import messages as messages  # the package's texts, registered before any module uses them
