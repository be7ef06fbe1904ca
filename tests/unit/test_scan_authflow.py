"""The IR analyses that removed the reviewed false positives on the project's own contracts: a write at
a fresh counter id creates an entry (no takeover), a per-caller record only ever required to be absent
is no authority, and a hash stored at a keyed entry is a commitment, not a random draw. Each pair keeps
the vulnerable form found."""

from __future__ import annotations

from nexus.scan import scan_source


def _hits(src: str, detector: str, name: str = "c.sol") -> set[int]:
    return {ln for f in scan_source(src, name) if f.detector == detector for ln in f.lines()}


REGISTRY = """pragma solidity ^0.8.20;
contract Registry {
    struct Service { address provider; uint256 price; }
    mapping(uint256 => Service) services;
    uint256 count;
    function register(uint256 price) external returns (uint256) {
        uint256 id = count;
        services[id] = Service(msg.sender, price);
        count = id + 1;
        return id;
    }
    function claim(uint256 id, uint256 price) external {
        services[id] = Service(msg.sender, price);
    }
    function update(uint256 id, uint256 price) external {
        require(msg.sender == services[id].provider);
        services[id].price = price;
    }
}
"""


def test_a_write_at_a_fresh_counter_id_is_a_creation_but_one_at_a_caller_id_is_a_takeover() -> None:
    hits = _hits(REGISTRY, "unprotected-owner-write")
    assert 8 not in hits and 7 not in hits  # register: a new entry at the counter's fresh value
    assert {12, 13} <= hits  # claim: the caller picks the id and overwrites its provider


REGISTRY_VY = """# pragma version ~=0.4.0
struct Service:
    provider: address
    price: uint256

services: HashMap[uint256, Service]
serviceCount: uint256

@external
def register(price: uint256) -> uint256:
    sid: uint256 = self.serviceCount
    self.services[sid] = Service(provider=msg.sender, price=price)
    self.serviceCount = sid + 1
    return sid

@external
def reset(sid: uint256, price: uint256):
    self.serviceCount = sid
    self.services[sid] = Service(provider=msg.sender, price=price)

@external
def update(sid: uint256, price: uint256):
    assert msg.sender == self.services[sid].provider
    self.services[sid].price = price
"""


def test_vyper_fresh_counter_id_and_a_counter_reset_by_the_caller() -> None:
    hits = _hits(REGISTRY_VY, "unprotected-owner-write", "c.vy")
    assert 12 not in hits  # register
    assert 19 in hits  # reset: the counter is set to the caller's id, not moved forward


LOANS = """pragma solidity ^0.8.20;
contract Loans {
    mapping(address => uint256) principal;
    mapping(address => bool) admins;
    function borrow(uint256 amount) external {
        require(principal[msg.sender] == 0, "open loan");
        principal[msg.sender] = amount;
    }
    function close(address who) external {
        principal[who] = 0;
    }
    function grant(address who) external {
        admins[who] = true;
    }
    function sweep() external {
        require(admins[msg.sender]);
        payable(msg.sender).transfer(address(this).balance);
    }
}
"""


def test_a_record_only_required_absent_is_no_authority_but_a_flag_required_present_is() -> None:
    hits = _hits(LOANS, "unprotected-owner-write")
    assert 10 not in hits  # `principal[msg.sender] == 0` only asks that the caller has no loan yet
    assert 13 in hits  # `admins[msg.sender]` decides who may sweep; anyone can grant it


def test_if_revert_polarity_decides_absence() -> None:
    check = 'require(principal[msg.sender] == 0, "open loan");'
    src = LOANS.replace(check, "if (principal[msg.sender] != 0) revert();")
    assert 10 not in _hits(src, "unprotected-owner-write")
    src = LOANS.replace(check, "if (principal[msg.sender] == 0) revert();")
    assert 10 in _hits(src, "unprotected-owner-write")  # now the caller must HAVE a loan: an authority


ORDERS = """pragma solidity ^0.8.20;
contract Orders {
    mapping(uint256 => bytes32) orders;
    uint256 count;
    bytes32 seed;
    function buy(uint256 item) external payable returns (uint256 id) {
        id = ++count;
        uint256 deadline = block.timestamp + 1 days;
        orders[id] = keccak256(abi.encode(item, msg.sender, msg.value, deadline));
    }
    function roll() external {
        seed = keccak256(abi.encode(block.timestamp, block.number));
    }
}
"""


def test_a_hash_stored_at_a_keyed_entry_is_a_commitment_but_a_seed_is_a_draw() -> None:
    hits = _hits(ORDERS, "bad-randomness")
    assert 9 not in hits and 8 not in hits
    assert 12 in hits
