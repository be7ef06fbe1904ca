"""Round 12 access-control precision on audited code (tests for src/nexus/scan/detectors/_authvars.py,
_hooks.py, _authflow.py, _oneshot.py and access.py): each benign twin goes quiet or low, each vulnerable
twin stays reported at the confidence it had (Solidity 0.8 and 0.4).

- a caller compared with a struct field read into a local (`address o = subs[id].owner;`) authorises by
  that field only, so writing another field of the record is no takeover;
- an entry keyed by a named return assigned a fresh counter (`id = ++count;`), or by a hash over a fresh
  counter value (`id = uint(keccak256(abi.encode(msg.sender, nonce)))`, nonce then bumped), is a new record;
- a check left to an override the file does not show (`_onlyOwner();` / `require(_canSet())` on a
  bodyless internal hook) and an imported `initializer` / `reinitializer` modifier make the write low;
- `address(this).delegatecall(..)` runs only this contract's own code (a multicall): quiet; a delegatecall
  allowed only while an accessor the function then sets is zero (`require(_implementation() ==
  address(0)); _setImplementation(l);`) is an initialiser's window: low.
"""

from __future__ import annotations

import pytest

from nexus.scan import scan_source


def _found(src: str, detector: str) -> dict[str, str]:
    return {f.function: f.confidence for f in scan_source(src, "c.sol") if f.detector == detector}


FIELD_LOCAL8 = """pragma solidity ^0.8.0;
contract Subs {
    struct Sub { address owner; uint96 balance; uint96 blocked; }
    mapping(uint64 => Sub) internal s_subs;
    function _onlySubOwner(uint64 id) internal view {
        address o = s_subs[id].owner;
        if (msg.sender != o) revert();
    }
    function transferSub(uint64 id, address n) external { _onlySubOwner(id); s_subs[id].owner = n; }
    function release(uint64 id, uint96 amount) external { s_subs[id].blocked -= amount; }
}
"""

FIELD_LOCAL8_VULN = """pragma solidity ^0.8.0;
contract Subs {
    struct Sub { address owner; uint96 balance; uint96 blocked; }
    mapping(uint64 => Sub) internal s_subs;
    function _onlySubOwner(uint64 id) internal view {
        address o = s_subs[id].owner;
        if (msg.sender != o) revert();
    }
    function transferSub(uint64 id, address n) external { _onlySubOwner(id); s_subs[id].owner = n; }
    function release(uint64 id, address n) external { s_subs[id].owner = n; }
}
"""

FIELD_LOCAL4 = """pragma solidity ^0.4.24;
contract Subs {
    struct Sub { address owner; uint balance; uint blocked; }
    mapping(uint => Sub) subs;
    function checkOwner(uint id) internal view {
        address o = subs[id].owner;
        require(msg.sender == o);
    }
    function transferSub(uint id, address n) public {
        checkOwner(id);
        subs[id].owner = n;
    }
    function release(uint id, uint amount) public { subs[id].blocked -= amount; }
}
"""

FIELD_LOCAL4_VULN = """pragma solidity ^0.4.24;
contract Subs {
    struct Sub { address owner; uint balance; uint blocked; }
    mapping(uint => Sub) subs;
    function checkOwner(uint id) internal view {
        address o = subs[id].owner;
        require(msg.sender == o);
    }
    function transferSub(uint id, address n) public {
        checkOwner(id);
        subs[id].owner = n;
    }
    function release(uint id, address n) public { subs[id].owner = n; }
}
"""

FRESH_RETURN8 = """pragma solidity ^0.8.0;
contract Subs {
    struct Sub { address owner; uint96 balance; }
    mapping(uint64 => Sub) internal s_subs;
    uint64 internal s_current;
    function create() external returns (uint64 id) {
        id = ++s_current;
        s_subs[id] = Sub({owner: msg.sender, balance: 0});
        return id;
    }
    function fund(uint64 id, uint96 amount) external {
        require(msg.sender == s_subs[id].owner);
        s_subs[id].balance += amount;
    }
}
"""

FRESH_RETURN8_VULN = """pragma solidity ^0.8.0;
contract Subs {
    struct Sub { address owner; uint96 balance; }
    mapping(uint64 => Sub) internal s_subs;
    uint64 internal s_current;
    function create() external returns (uint64 id) {
        id = s_current;
        s_subs[id] = Sub({owner: msg.sender, balance: 0});
        return id;
    }
    function fund(uint64 id, uint96 amount) external {
        require(msg.sender == s_subs[id].owner);
        s_subs[id].balance += amount;
    }
}
"""

FRESH_RETURN4 = """pragma solidity ^0.4.24;
contract Subs {
    struct Sub { address owner; uint balance; }
    mapping(uint => Sub) subs;
    uint count;
    function create() public returns (uint id) {
        id = count++;
        subs[id] = Sub({owner: msg.sender, balance: 0});
    }
    function fund(uint id) public payable {
        require(msg.sender == subs[id].owner);
        subs[id].balance += msg.value;
    }
}
"""

FRESH_RETURN4_VULN = """pragma solidity ^0.4.24;
contract Subs {
    struct Sub { address owner; uint balance; }
    mapping(uint => Sub) subs;
    uint count;
    function create() public returns (uint id) {
        id = count;
        subs[id] = Sub({owner: msg.sender, balance: 0});
    }
    function fund(uint id) public payable {
        require(msg.sender == subs[id].owner);
        subs[id].balance += msg.value;
    }
}
"""

HOOK8 = """pragma solidity ^0.8.0;
abstract contract Registry {
    address internal s_admin;
    mapping(address => bool) internal s_senders;
    function _onlyRouterOwner() internal virtual;
    function _canSetSenders() internal virtual returns (bool);
    modifier validateSetter() { require(_canSetSenders(), "no"); _; }
    function setAdmin(address a) external { _onlyRouterOwner(); s_admin = a; }
    function setSender(address a) external validateSetter { s_senders[a] = true; }
    function act() external { require(msg.sender == s_admin || s_senders[msg.sender]); emit Acted(msg.sender); }
    event Acted(address who);
}
"""

HOOK8_VULN = """pragma solidity ^0.8.0;
abstract contract Registry {
    address internal s_admin;
    mapping(address => bool) internal s_senders;
    function _onlyRouterOwner() internal virtual;
    function _canSetSenders() internal virtual returns (bool);
    modifier validateSetter() { require(_canSetSenders(), "no"); _; }
    function setAdmin(address a) external { s_admin = a; _onlyRouterOwner(); }
    function setSender(address a) external { s_senders[a] = true; }
    function act() external { require(msg.sender == s_admin || s_senders[msg.sender]); emit Acted(msg.sender); }
    event Acted(address who);
}
"""

HOOK4 = """pragma solidity ^0.4.24;
contract Registry {
    address admin;
    mapping(address => bool) senders;
    function onlyRouterOwner_() internal;
    function canSetSenders() internal returns (bool);
    function setAdmin(address a) public { onlyRouterOwner_(); admin = a; }
    function setSender(address a) public { require(canSetSenders()); senders[a] = true; }
    function act() public { require(msg.sender == admin || senders[msg.sender]); emit Acted(msg.sender); }
    event Acted(address who);
}
"""

HOOK4_VULN = """pragma solidity ^0.4.24;
contract Registry {
    address admin;
    mapping(address => bool) senders;
    function onlyRouterOwner_() internal;
    function canSetSenders() internal returns (bool);
    function setAdmin(address a) public { admin = a; onlyRouterOwner_(); }
    function setSender(address a) public { senders[a] = true; }
    function act() public { require(msg.sender == admin || senders[msg.sender]); emit Acted(msg.sender); }
    event Acted(address who);
}
"""

INITIALIZER8 = """pragma solidity ^0.8.0;
import {VersionedInitializable} from './VersionedInitializable.sol';
contract Configurator is VersionedInitializable {
    address internal _provider;
    function initialize(address provider) public initializer { _provider = provider; }
    function configure() external { require(msg.sender == _provider); emit Acted(msg.sender); }
    event Acted(address who);
}
"""

INITIALIZER8_VULN = """pragma solidity ^0.8.0;
import {VersionedInitializable} from './VersionedInitializable.sol';
contract Configurator is VersionedInitializable {
    address internal _provider;
    function initialize(address provider) public { _provider = provider; }
    function configure() external { require(msg.sender == _provider); emit Acted(msg.sender); }
    event Acted(address who);
}
"""

INITIALIZER4 = """pragma solidity ^0.4.24;
import "./Initializable.sol";
contract Configurator is Initializable {
    address provider;
    function initialize(address p) public reinitializer(2) { provider = p; }
    function configure() public { require(msg.sender == provider); emit Acted(msg.sender); }
    event Acted(address who);
}
"""

INITIALIZER4_VULN = """pragma solidity ^0.4.24;
import "./Initializable.sol";
contract Configurator is Initializable {
    address provider;
    function initialize(address p) public { provider = p; }
    function configure() public { require(msg.sender == provider); emit Acted(msg.sender); }
    event Acted(address who);
}
"""

SELF_DELEGATE8 = """pragma solidity ^0.8.0;
contract Multicall {
    function multicall(bytes[] calldata data) external payable returns (bytes[] memory results) {
        results = new bytes[](data.length);
        for (uint256 i = 0; i < data.length; i++) {
            (bool success, bytes memory result) = address(this).delegatecall(data[i]);
            require(success);
            results[i] = result;
        }
    }
}
"""

SELF_DELEGATE8_VULN = """pragma solidity ^0.8.0;
contract Multicall {
    function multicall(address target, bytes[] calldata data) external payable returns (bytes[] memory results) {
        results = new bytes[](data.length);
        for (uint256 i = 0; i < data.length; i++) {
            (bool success, bytes memory result) = target.delegatecall(data[i]);
            require(success);
            results[i] = result;
        }
    }
}
"""

SELF_DELEGATE4 = """pragma solidity ^0.4.24;
contract Batch {
    function batch(bytes data) public {
        require(address(this).delegatecall(data));
    }
}
"""

SELF_DELEGATE4_VULN = """pragma solidity ^0.4.24;
contract Batch {
    function batch(address target, bytes data) public {
        require(target.delegatecall(data));
    }
}
"""

ONCE_DELEGATE8 = """pragma solidity ^0.8.0;
import './BaseUpgradeabilityProxy.sol';
contract InitProxy is BaseUpgradeabilityProxy {
    function initialize(address _logic, bytes memory _data) public payable {
        require(_implementation() == address(0));
        _setImplementation(_logic);
        if (_data.length > 0) {
            (bool success, ) = _logic.delegatecall(_data);
            require(success);
        }
    }
}
"""

ONCE_DELEGATE8_VULN = """pragma solidity ^0.8.0;
import './BaseUpgradeabilityProxy.sol';
contract InitProxy is BaseUpgradeabilityProxy {
    function initialize(address _logic, bytes memory _data) public payable {
        require(_data.length < 1000);
        _setImplementation(_logic);
        if (_data.length > 0) {
            (bool success, ) = _logic.delegatecall(_data);
            require(success);
        }
    }
}
"""

ONCE_DELEGATE4 = """pragma solidity ^0.4.24;
contract InitProxy {
    address impl;
    function initialize(address logic, bytes data) public payable {
        if (impl != address(0)) revert();
        impl = logic;
        require(logic.delegatecall(data));
    }
}
"""

ONCE_DELEGATE4_VULN = """pragma solidity ^0.4.24;
contract InitProxy {
    address impl;
    function initialize(address logic, bytes data) public payable {
        if (data.length > 1000) revert();
        impl = logic;
        require(logic.delegatecall(data));
    }
}
"""
HASHED_KEY8 = """pragma solidity ^0.8.0;
contract Subs {
    struct Config { address owner; address requested; }
    mapping(uint256 => Config) internal s_configs;
    uint64 internal s_nonce;
    function createSubscription() external returns (uint256 subId) {
        uint64 nonce = s_nonce;
        subId = uint256(keccak256(abi.encodePacked(msg.sender, blockhash(block.number - 1), nonce)));
        s_nonce = nonce + 1;
        s_configs[subId] = Config({owner: msg.sender, requested: address(0)});
        return subId;
    }
    function requestTransfer(uint256 subId, address to) external {
        if (msg.sender != s_configs[subId].owner) revert();
        s_configs[subId].requested = to;
    }
}
"""

HASHED_KEY8_VULN = """pragma solidity ^0.8.0;
contract Subs {
    struct Config { address owner; address requested; }
    mapping(uint256 => Config) internal s_configs;
    uint64 internal s_nonce;
    function createSubscription(bytes32 label) external returns (uint256 subId) {
        uint64 nonce = s_nonce;
        subId = uint256(keccak256(abi.encodePacked(label)));
        s_nonce = nonce + 1;
        s_configs[subId] = Config({owner: msg.sender, requested: address(0)});
        return subId;
    }
    function requestTransfer(uint256 subId, address to) external {
        if (msg.sender != s_configs[subId].owner) revert();
        s_configs[subId].requested = to;
    }
}
"""

HASHED_KEY4 = """pragma solidity ^0.4.24;
contract Subs {
    struct Config { address owner; address requested; }
    mapping(bytes32 => Config) configs;
    uint nonce;
    function create() public returns (bytes32) {
        bytes32 id = keccak256(abi.encodePacked(msg.sender, nonce));
        nonce++;
        configs[id] = Config({owner: msg.sender, requested: address(0)});
        return id;
    }
    function requestTransfer(bytes32 id, address to) public {
        require(msg.sender == configs[id].owner);
        configs[id].requested = to;
    }
}
"""

HASHED_KEY4_VULN = """pragma solidity ^0.4.24;
contract Subs {
    struct Config { address owner; address requested; }
    mapping(bytes32 => Config) configs;
    uint nonce;
    function create(string label) public returns (bytes32) {
        bytes32 id = keccak256(abi.encodePacked(label));
        nonce++;
        configs[id] = Config({owner: msg.sender, requested: address(0)});
        return id;
    }
    function requestTransfer(bytes32 id, address to) public {
        require(msg.sender == configs[id].owner);
        configs[id].requested = to;
    }
}
"""

OWNER = "unprotected-owner-write"
DELEGATE = "unprotected-delegatecall"

BENIGN = [
    (FIELD_LOCAL8, OWNER, {}),
    (FIELD_LOCAL4, OWNER, {}),
    (FRESH_RETURN8, OWNER, {}),
    (FRESH_RETURN4, OWNER, {}),
    (HASHED_KEY8, OWNER, {}),
    (HASHED_KEY4, OWNER, {}),
    (HOOK8, OWNER, {"setAdmin": "low", "setSender": "low"}),
    (HOOK4, OWNER, {"setAdmin": "low", "setSender": "low"}),
    (INITIALIZER8, OWNER, {"initialize": "low"}),
    (INITIALIZER4, OWNER, {"initialize": "low"}),
    (SELF_DELEGATE8, DELEGATE, {}),
    (SELF_DELEGATE4, DELEGATE, {}),
    (ONCE_DELEGATE8, DELEGATE, {"initialize": "low"}),
    (ONCE_DELEGATE4, DELEGATE, {"initialize": "low"}),
]

VULNERABLE = [
    (FIELD_LOCAL8_VULN, OWNER, {"release": "medium"}),
    (FIELD_LOCAL4_VULN, OWNER, {"release": "medium"}),
    (FRESH_RETURN8_VULN, OWNER, {"create": "medium"}),
    (FRESH_RETURN4_VULN, OWNER, {"create": "medium"}),
    (HASHED_KEY8_VULN, OWNER, {"createSubscription": "medium"}),
    (HASHED_KEY4_VULN, OWNER, {"create": "medium"}),
    (HOOK8_VULN, OWNER, {"setAdmin": "medium", "setSender": "medium"}),
    (HOOK4_VULN, OWNER, {"setAdmin": "medium", "setSender": "medium"}),
    (INITIALIZER8_VULN, OWNER, {"initialize": "medium"}),
    (INITIALIZER4_VULN, OWNER, {"initialize": "medium"}),
    (SELF_DELEGATE8_VULN, DELEGATE, {"multicall": "high"}),
    (SELF_DELEGATE4_VULN, DELEGATE, {"batch": "high"}),
    (ONCE_DELEGATE8_VULN, DELEGATE, {"initialize": "high"}),
    (ONCE_DELEGATE4_VULN, DELEGATE, {"initialize": "high"}),
]


@pytest.mark.parametrize(("src", "detector", "expected"), BENIGN)
def test_benign_twin_is_quiet_or_low(src: str, detector: str, expected: dict[str, str]) -> None:
    assert _found(src, detector) == expected


@pytest.mark.parametrize(("src", "detector", "expected"), VULNERABLE)
def test_vulnerable_twin_keeps_its_confidence(src: str, detector: str, expected: dict[str, str]) -> None:
    assert _found(src, detector) == expected
