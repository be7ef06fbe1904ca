# @version ^0.3.10

payee: public(address)
released: public(uint256)

@external
def __init__(_payee: address):
    self.payee = _payee

@external
@payable
def __default__():
    pass

@external
def release():
    amount: uint256 = self.balance
    self.released += amount
    ok: bool = raw_call(self.payee, b"", value=amount, revert_on_failure=False)
