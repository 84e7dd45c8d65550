"""Writers turn a :class:`~baocao.model.VanBan` into an output format."""
