from signalmatch.matcher import messages as messages  # the package's texts, registered before any module uses them
