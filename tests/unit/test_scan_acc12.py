"""Round 12 access-control precision on audited code (tests for src/nexus/scan/detectors/_authvars.py,
_hooks.py, _authflow.py, _oneshot.py and access.py): each benign twin goes quiet or low, each vulnerable
twin stays reported at the confidence it had (Solidity 0.8 and 0.4).

- a caller compared with a struct field read into a local (`address o = subs[id].owner;`) authorises by
  that field only, so writing another field of the record is no takeover;
- an entry keyed by a named return assigned a fresh counter (`id = ++count;`), or by a hash over a fresh
  counter value (`id = uint(keccak256(abi.encode(msg.sender, nonce)))`, nonce then bumped), is a new record;
- the caller's record compared with an enum value (`roles[msg.sender] == Role.Transmitter`, also as
  `!= A && != B` then revert) is a membership check (src/nexus/scan/_enums.py, callers.py), unless the
  value is the enum's first member, which every unregistered address has (`== Role.Unset` stays open);
- a check left to an override the file does not show (`_onlyOwner();` / `require(_canSet())` on a
  bodyless internal hook) and an imported `initializer` / `reinitializer` modifier make the write low;
- tx.origin compared only with literal addresses (`tx.origin != address(0)`: an eth_call simulation gate,
  which no signed transaction passes) authorises nobody; compared with a stored address it stays high;
- signature-replay: the signed id reaching a used-check-and-mark in a called function (`this.route(id, ..)`,
  `settle(id)`), an idempotent set insert of the signed value (`allowed.add(recipient)`), or signed data
  handed to an internal function the file only declares (`_report(report)`: the override decides) is no
  missing nonce / a low note; with the mark, the check or the declaration-only hook gone it stays high;
- unbounded-growth: a list grown in a caller-bounded loop that only a caller check's holder reaches (an
  `onlyOwner` setConfig, an internal helper called only behind one) is a low note; open to anyone it stays;
- ignored-send-failure: a failure branch that only logs is no finding when the success branch holds the
  payment's bookkeeping and nothing was written before the send; a debit before the send stays;
- unbounded-loop: `for (i = a.length; i < cap; i++) a.push()` tops the list up to the other side and walks
  none of it; `for (i = 0; i < a.length; i++)` over a list anyone grows stays;
- `address(this).delegatecall(..)` runs only this contract's own code (a multicall): quiet; a delegatecall
  allowed only while an accessor the function then sets is zero (`require(_implementation() ==
  address(0)); _setImplementation(l);`) is an initialiser's window: low.
"""

from __future__ import annotations

import pytest

from nexus.scan import scan_source


def _found(src: str, detector: str, path: str = "c.sol") -> dict[str, str]:
    return {f.function: f.confidence for f in scan_source(src, path) if f.detector == detector}


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
ORIGIN_SIM8 = """pragma solidity ^0.8.0;
contract AutomationBase {
    error OnlySimulatedBackend();
    uint256 internal s_last;
    function _preventExecution() internal view {
        if (tx.origin != address(0) && tx.origin != address(0x1111111111111111111111111111111111111111)) {
            revert OnlySimulatedBackend();
        }
    }
    function checkUpkeep(bytes calldata data) external returns (bool needed) {
        _preventExecution();
        s_last = data.length;
        needed = data.length > 0;
    }
}
"""

ORIGIN_SIM8_VULN = """pragma solidity ^0.8.0;
contract AutomationBase {
    error OnlySimulatedBackend();
    uint256 internal s_last;
    address internal s_keeper;
    function _preventExecution() internal view {
        if (tx.origin != address(0) && tx.origin != s_keeper) {
            revert OnlySimulatedBackend();
        }
    }
    function checkUpkeep(bytes calldata data) external returns (bool needed) {
        _preventExecution();
        s_last = data.length;
        needed = data.length > 0;
    }
}
"""

ORIGIN_SIM4 = """pragma solidity ^0.4.24;
contract Simulated {
    uint last;
    function check(uint v) public returns (bool) {
        if (tx.origin != address(0)) throw;
        last = v;
        return v > 0;
    }
}
"""

ORIGIN_SIM4_VULN = """pragma solidity ^0.4.24;
contract Simulated {
    uint last;
    address keeper;
    function check(uint v) public returns (bool) {
        if (tx.origin != keeper) throw;
        last = v;
        return v > 0;
    }
}
"""

ORIGIN_SIM_VY = """# @version ^0.3.7
last: public(uint256)

@external
def check(v: uint256) -> bool:
    assert tx.origin == empty(address)
    self.last = v
    return v > 0
"""

ORIGIN_SIM_VY_VULN = """# @version ^0.3.7
last: public(uint256)
keeper: public(address)

@external
def check(v: uint256) -> bool:
    assert tx.origin == self.keeper
    self.last = v
    return v > 0
"""
MARK_CALLED8 = """pragma solidity ^0.8.0;
contract Forwarder {
    address internal s_signer;
    mapping(bytes32 => bool) internal s_done;
    function report(address receiver, bytes calldata raw, uint8 v, bytes32 r, bytes32 s) external {
        bytes32 h = keccak256(abi.encodePacked(block.chainid, keccak256(raw)));
        require(ecrecover(h, v, r, s) == s_signer);
        bytes32 id = keccak256(abi.encodePacked(receiver, raw));
        this.route(id, receiver, raw);
    }
    function route(bytes32 id, address receiver, bytes calldata raw) public {
        require(msg.sender == address(this));
        if (s_done[id]) revert();
        s_done[id] = true;
        (bool ok, ) = receiver.call(raw);
        require(ok);
    }
}
"""

MARK_CALLED8_VULN = """pragma solidity ^0.8.0;
contract Forwarder {
    address internal s_signer;
    mapping(bytes32 => bool) internal s_done;
    function report(address receiver, bytes calldata raw, uint8 v, bytes32 r, bytes32 s) external {
        bytes32 h = keccak256(abi.encodePacked(block.chainid, keccak256(raw)));
        require(ecrecover(h, v, r, s) == s_signer);
        bytes32 id = keccak256(abi.encodePacked(receiver, raw));
        this.route(id, receiver, raw);
    }
    function route(bytes32 id, address receiver, bytes calldata raw) public {
        require(msg.sender == address(this));
        s_done[id] = true;
        (bool ok, ) = receiver.call(raw);
        require(ok);
    }
}
"""

MARK_CALLED4 = """pragma solidity ^0.4.24;
contract Claims {
    address signer;
    mapping(uint => bool) claimed;
    function claim(uint id, uint amount, uint8 v, bytes32 r, bytes32 s) public {
        bytes32 h = keccak256(abi.encodePacked(address(this), id, amount));
        require(ecrecover(h, v, r, s) == signer);
        settle(id, amount);
    }
    function settle(uint id, uint amount) internal {
        require(!claimed[id]);
        claimed[id] = true;
        msg.sender.transfer(amount);
    }
}
"""

MARK_CALLED4_VULN = """pragma solidity ^0.4.24;
contract Claims {
    address signer;
    mapping(uint => bool) claimed;
    function claim(uint id, uint amount, uint8 v, bytes32 r, bytes32 s) public {
        bytes32 h = keccak256(abi.encodePacked(address(this), id, amount));
        require(ecrecover(h, v, r, s) == signer);
        settle(id, amount);
    }
    function settle(uint id, uint amount) internal {
        claimed[id] = true;
        msg.sender.transfer(amount);
    }
}
"""

SET_INSERT8 = """pragma solidity ^0.8.0;
library Members {
    struct Set { mapping(address => bool) has; }
    function add(Set storage set, address a) internal returns (bool) {
        if (set.has[a]) return false;
        set.has[a] = true;
        return true;
    }
}
contract AllowList {
    using Members for Members.Set;
    Members.Set internal s_allowed;
    address internal s_signer;
    function accept(address recipient, bytes32 r, bytes32 s, uint8 v) external {
        bytes32 h = keccak256(abi.encodePacked(block.chainid, recipient));
        if (ecrecover(h, v, r, s) != s_signer) revert();
        s_allowed.add(recipient);
    }
}
"""

SET_INSERT8_VULN = """pragma solidity ^0.8.0;
library Members {
    struct Set { mapping(address => bool) has; }
    function add(Set storage set, address a) internal returns (bool) {
        if (set.has[a]) return false;
        set.has[a] = true;
        return true;
    }
}
contract AllowList {
    using Members for Members.Set;
    Members.Set internal s_allowed;
    address internal s_signer;
    function accept(address recipient, bytes32 r, bytes32 s, uint8 v) external {
        bytes32 h = keccak256(abi.encodePacked(block.chainid, recipient));
        if (ecrecover(h, v, r, s) != s_signer) revert();
        payable(recipient).transfer(1 ether);
    }
}
"""

REPORT_HOOK8 = """pragma solidity ^0.8.0;
abstract contract OCRBase {
    mapping(address => bool) internal s_signers;
    function _report(bytes calldata report) internal virtual;
    function transmit(bytes32 context, bytes calldata report, bytes32 r, bytes32 s, uint8 v) external {
        bytes32 h = keccak256(abi.encodePacked(keccak256(report), context, block.chainid));
        address signer = ecrecover(h, v, r, s);
        require(s_signers[signer]);
        _report(report);
    }
}
"""

REPORT_HOOK8_VULN = """pragma solidity ^0.8.0;
abstract contract OCRBase {
    mapping(address => bool) internal s_signers;
    bytes internal s_last;
    function _report(bytes calldata report) internal virtual { s_last = report; }
    function transmit(bytes32 context, bytes calldata report, bytes32 r, bytes32 s, uint8 v) external {
        bytes32 h = keccak256(abi.encodePacked(keccak256(report), context, block.chainid));
        address signer = ecrecover(h, v, r, s);
        require(s_signers[signer]);
        _report(report);
    }
}
"""

REPORT_HOOK4 = """pragma solidity ^0.4.24;
contract OCRBase {
    mapping(address => bool) signers;
    function validateReport(bytes32 context, bytes report) internal returns (bool);
    function transmit(bytes32 context, bytes report, bytes32 r, bytes32 s, uint8 v) public {
        bytes32 h = keccak256(abi.encodePacked(keccak256(report), context, address(this)));
        require(signers[ecrecover(h, v, r, s)]);
        require(validateReport(context, report));
        msg.sender.transfer(1 ether);
    }
}
"""

REPORT_HOOK4_VULN = """pragma solidity ^0.4.24;
contract OCRBase {
    mapping(address => bool) signers;
    function validateReport(bytes32 context, bytes report) internal returns (bool) { return report.length > 0; }
    function transmit(bytes32 context, bytes report, bytes32 r, bytes32 s, uint8 v) public {
        bytes32 h = keccak256(abi.encodePacked(keccak256(report), context, address(this)));
        require(signers[ecrecover(h, v, r, s)]);
        require(validateReport(context, report));
        msg.sender.transfer(1 ether);
    }
}
"""
OWNER_GROWTH8 = """pragma solidity ^0.8.0;
contract OCR {
    address internal s_owner;
    address[] internal s_signers;
    modifier onlyOwner() { require(msg.sender == s_owner); _; }
    constructor() { s_owner = msg.sender; }
    function setConfig(address[] calldata signers) external onlyOwner {
        while (s_signers.length != 0) {
            s_signers.pop();
        }
        for (uint256 i = 0; i < signers.length; ++i) {
            s_signers.push(signers[i]);
        }
    }
    function count() external view returns (uint256 n) {
        for (uint256 i = 0; i < s_signers.length; ++i) {
            if (s_signers[i] != address(0)) n++;
        }
    }
}
"""

OWNER_GROWTH8_VULN = """pragma solidity ^0.8.0;
contract OCR {
    address internal s_owner;
    address[] internal s_signers;
    modifier onlyOwner() { require(msg.sender == s_owner); _; }
    constructor() { s_owner = msg.sender; }
    function setConfig(address[] calldata signers) external {
        while (s_signers.length != 0) {
            s_signers.pop();
        }
        for (uint256 i = 0; i < signers.length; ++i) {
            s_signers.push(signers[i]);
        }
    }
    function count() external view returns (uint256 n) {
        for (uint256 i = 0; i < s_signers.length; ++i) {
            if (s_signers[i] != address(0)) n++;
        }
    }
}
"""

OWNER_GROWTH4 = """pragma solidity ^0.4.24;
contract Feeds {
    address owner;
    string[] feeds;
    function Feeds() public { owner = msg.sender; }
    function addFeeds(string[] ids) public {
        require(msg.sender == owner);
        addAll(ids);
    }
    function addAll(string[] ids) internal {
        for (uint i = 0; i < ids.length; i++) {
            feeds.push(ids[i]);
        }
    }
    function total() public view returns (uint n) {
        for (uint i = 0; i < feeds.length; i++) {
            n += bytes(feeds[i]).length;
        }
    }
}
"""

OWNER_GROWTH4_VULN = """pragma solidity ^0.4.24;
contract Feeds {
    address owner;
    string[] feeds;
    function Feeds() public { owner = msg.sender; }
    function addFeeds(string[] ids) public {
        addAll(ids);
    }
    function addAll(string[] ids) internal {
        for (uint i = 0; i < ids.length; i++) {
            feeds.push(ids[i]);
        }
    }
    function total() public view returns (uint n) {
        for (uint i = 0; i < feeds.length; i++) {
            n += bytes(feeds[i]).length;
        }
    }
}
"""
SEND_BOOKKEPT8 = """pragma solidity ^0.8.0;
contract Monitor {
    struct Target { bool isActive; uint56 lastTopUp; uint96 amount; }
    mapping(address => Target) internal s_targets;
    event TopUpSucceeded(address a);
    event TopUpFailed(address a);
    function topUp(address[] memory needsFunding) public {
        Target memory target;
        for (uint256 idx = 0; idx < needsFunding.length; idx++) {
            target = s_targets[needsFunding[idx]];
            if (target.isActive && target.lastTopUp + 1 days <= block.timestamp) {
                bool success = payable(needsFunding[idx]).send(target.amount);
                if (success) {
                    s_targets[needsFunding[idx]].lastTopUp = uint56(block.timestamp);
                    emit TopUpSucceeded(needsFunding[idx]);
                } else {
                    emit TopUpFailed(needsFunding[idx]);
                }
            }
        }
    }
    receive() external payable {}
}
"""

SEND_BOOKKEPT8_VULN = """pragma solidity ^0.8.0;
contract Monitor {
    struct Target { bool isActive; uint56 lastTopUp; uint96 amount; }
    mapping(address => Target) internal s_targets;
    event TopUpSucceeded(address a);
    event TopUpFailed(address a);
    function topUp(address[] memory needsFunding) public {
        Target memory target;
        for (uint256 idx = 0; idx < needsFunding.length; idx++) {
            target = s_targets[needsFunding[idx]];
            if (target.isActive && target.lastTopUp + 1 days <= block.timestamp) {
                s_targets[needsFunding[idx]].lastTopUp = uint56(block.timestamp);
                bool success = payable(needsFunding[idx]).send(target.amount);
                if (success) {
                    emit TopUpSucceeded(needsFunding[idx]);
                } else {
                    emit TopUpFailed(needsFunding[idx]);
                }
            }
        }
    }
    receive() external payable {}
}
"""

SEND_BOOKKEPT4 = """pragma solidity ^0.4.24;
contract Payout {
    mapping(address => uint) owed;
    mapping(address => uint) paid;
    event Failed(address to);
    function pay(address to) public {
        uint amount = owed[to];
        if (to.send(amount)) {
            owed[to] = 0;
            paid[to] += amount;
        } else {
            emit Failed(to);
        }
    }
}
"""

SEND_BOOKKEPT4_VULN = """pragma solidity ^0.4.24;
contract Payout {
    mapping(address => uint) owed;
    mapping(address => uint) paid;
    event Failed(address to);
    function pay(address to) public {
        uint amount = owed[to];
        owed[to] = 0;
        if (to.send(amount)) {
            paid[to] += amount;
        } else {
            emit Failed(to);
        }
    }
}
"""
TOP_UP_LOOP8 = """pragma solidity ^0.8.0;
contract SlidingOracle {
    struct Observation { uint256 timestamp; uint256 price; }
    uint8 public immutable granularity;
    mapping(address => Observation[]) public pairObservations;
    constructor(uint8 g) { granularity = g; }
    function update(address pair, uint256 price) external {
        for (uint256 i = pairObservations[pair].length; i < granularity; i++) {
            pairObservations[pair].push();
        }
        pairObservations[pair][block.timestamp % granularity] = Observation(block.timestamp, price);
    }
}
"""

TOP_UP_LOOP8_VULN = """pragma solidity ^0.8.0;
contract SlidingOracle {
    struct Observation { uint256 timestamp; uint256 price; }
    uint8 public immutable granularity;
    mapping(address => Observation[]) public pairObservations;
    constructor(uint8 g) { granularity = g; }
    function update(address pair, uint256 price) external {
        pairObservations[pair].push();
        for (uint256 i = 0; i < pairObservations[pair].length; i++) {
            pairObservations[pair][i].price = price;
        }
        pairObservations[pair][block.timestamp % granularity] = Observation(block.timestamp, price);
    }
}
"""

TOP_UP_LOOP4 = """pragma solidity ^0.4.24;
contract Slots {
    uint constant SLOTS = 24;
    mapping(address => uint[]) slots;
    function fill() public {
        for (uint i = slots[msg.sender].length; i < SLOTS; i++) {
            slots[msg.sender].push(0);
        }
    }
    function share(address who) public {
        slots[who].push(1);
    }
}
"""

TOP_UP_LOOP4_VULN = """pragma solidity ^0.4.24;
contract Slots {
    uint constant SLOTS = 24;
    mapping(address => uint[]) slots;
    function fill() public {
        for (uint i = 0; i < slots[msg.sender].length; i++) {
            slots[msg.sender][i] += 1;
        }
    }
    function share(address who) public {
        slots[who].push(1);
    }
}
"""
FIELD_LOCAL_VY = """# @version ^0.3.7
struct Sub:
    owner: address
    blocked: uint256

subs: HashMap[uint256, Sub]

@internal
def _only_owner(id: uint256):
    o: address = self.subs[id].owner
    assert msg.sender == o

@external
def transfer_sub(id: uint256, n: address):
    self._only_owner(id)
    self.subs[id].owner = n

@external
def release(id: uint256, amount: uint256):
    self.subs[id].blocked -= amount
"""

FIELD_LOCAL_VY_VULN = """# @version ^0.3.7
struct Sub:
    owner: address
    blocked: uint256

subs: HashMap[uint256, Sub]

@internal
def _only_owner(id: uint256):
    o: address = self.subs[id].owner
    assert msg.sender == o

@external
def transfer_sub(id: uint256, n: address):
    self._only_owner(id)
    self.subs[id].owner = n

@external
def release(id: uint256, n: address):
    self.subs[id].owner = n
"""
ENUM_ROLE8 = """pragma solidity ^0.8.0;
contract Registry {
    enum Permission { NONE, OUTGOING, INCOMING, BIDIRECTIONAL }
    event Acted(uint256 id);
    address internal s_owner;
    mapping(address => Permission) internal s_peer;
    struct Upkeep { address admin; uint96 balance; }
    mapping(uint256 => Upkeep) internal s_upkeep;
    constructor() { s_owner = msg.sender; }
    function setPeer(address p, Permission v) external { require(msg.sender == s_owner); s_peer[p] = v; }
    function receiveUpkeeps(uint256 id, address admin) external {
        if (s_peer[msg.sender] != Permission.INCOMING && s_peer[msg.sender] != Permission.BIDIRECTIONAL) revert();
        s_upkeep[id] = Upkeep({admin: admin, balance: 0});
    }
    function act(uint256 id) external { require(msg.sender == s_upkeep[id].admin); emit Acted(id); }
}
"""

ENUM_ROLE8_VULN = """pragma solidity ^0.8.0;
contract Registry {
    enum Permission { NONE, OUTGOING, INCOMING, BIDIRECTIONAL }
    event Acted(uint256 id);
    address internal s_owner;
    mapping(address => Permission) internal s_peer;
    struct Upkeep { address admin; uint96 balance; }
    mapping(uint256 => Upkeep) internal s_upkeep;
    constructor() { s_owner = msg.sender; }
    function setPeer(address p, Permission v) external { require(msg.sender == s_owner); s_peer[p] = v; }
    function receiveUpkeeps(uint256 id, address admin) external {
        if (s_peer[msg.sender] != Permission.NONE) revert();
        s_upkeep[id] = Upkeep({admin: admin, balance: 0});
    }
    function act(uint256 id) external { require(msg.sender == s_upkeep[id].admin); emit Acted(id); }
}
"""

ENUM_ROLE4 = """pragma solidity ^0.4.24;
contract Registry {
    enum Role { Unset, Signer, Transmitter }
    event Acted(uint id);
    address owner;
    mapping(address => Role) roles;
    struct Job { address admin; uint balance; }
    mapping(uint => Job) jobs;
    function Registry() public { owner = msg.sender; }
    function setRole(address p, Role r) public { require(msg.sender == owner); roles[p] = r; }
    function claim(uint id, address admin) public {
        require(roles[msg.sender] == Role.Transmitter);
        jobs[id].admin = admin;
    }
    function act(uint id) public { require(msg.sender == jobs[id].admin); emit Acted(id); }
}
"""

ENUM_ROLE4_VULN = """pragma solidity ^0.4.24;
contract Registry {
    enum Role { Unset, Signer, Transmitter }
    event Acted(uint id);
    address owner;
    mapping(address => Role) roles;
    struct Job { address admin; uint balance; }
    mapping(uint => Job) jobs;
    function Registry() public { owner = msg.sender; }
    function setRole(address p, Role r) public { require(msg.sender == owner); roles[p] = r; }
    function claim(uint id, address admin) public {
        require(roles[msg.sender] == Role.Unset);
        jobs[id].admin = admin;
    }
    function act(uint id) public { require(msg.sender == jobs[id].admin); emit Acted(id); }
}
"""

OWNER = "unprotected-owner-write"
ORIGIN = "tx-origin"
DELEGATE = "unprotected-delegatecall"

BENIGN = [
    (FIELD_LOCAL8, OWNER, {}),
    (FIELD_LOCAL4, OWNER, {}),
    (FRESH_RETURN8, OWNER, {}),
    (FRESH_RETURN4, OWNER, {}),
    (HASHED_KEY8, OWNER, {}),
    (HASHED_KEY4, OWNER, {}),
    (ENUM_ROLE8, OWNER, {}),
    (ENUM_ROLE4, OWNER, {}),
    (HOOK8, OWNER, {"setAdmin": "low", "setSender": "low"}),
    (HOOK4, OWNER, {"setAdmin": "low", "setSender": "low"}),
    (INITIALIZER8, OWNER, {"initialize": "low"}),
    (INITIALIZER4, OWNER, {"initialize": "low"}),
    (ORIGIN_SIM8, ORIGIN, {}),
    (ORIGIN_SIM4, ORIGIN, {}),
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
    (ENUM_ROLE8_VULN, OWNER, {"receiveUpkeeps": "medium"}),
    (ENUM_ROLE4_VULN, OWNER, {"claim": "medium"}),
    (HOOK8_VULN, OWNER, {"setAdmin": "medium", "setSender": "medium"}),
    (HOOK4_VULN, OWNER, {"setAdmin": "medium", "setSender": "medium"}),
    (INITIALIZER8_VULN, OWNER, {"initialize": "medium"}),
    (INITIALIZER4_VULN, OWNER, {"initialize": "medium"}),
    (ORIGIN_SIM8_VULN, ORIGIN, {"_preventExecution": "high"}),
    (ORIGIN_SIM4_VULN, ORIGIN, {"check": "high"}),
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


def test_vyper_origin_simulation_gate_is_quiet_and_origin_owner_stays() -> None:
    assert _found(ORIGIN_SIM_VY, ORIGIN, "c.vy") == {}
    assert _found(ORIGIN_SIM_VY_VULN, ORIGIN, "c.vy") == {"check": "high"}


REPLAY = [  # (benign, vulnerable, function, benign (severity, confidence))
    (MARK_CALLED8, MARK_CALLED8_VULN, "report", ("low", "low")),
    (MARK_CALLED4, MARK_CALLED4_VULN, "claim", ("medium", "low")),
    (SET_INSERT8, SET_INSERT8_VULN, "accept", ("low", "low")),
    (REPORT_HOOK8, REPORT_HOOK8_VULN, "transmit", ("low", "low")),
    (REPORT_HOOK4, REPORT_HOOK4_VULN, "transmit", ("low", "low")),
]


def _replays(src: str) -> dict[str, tuple[str, str]]:
    return {
        f.function: (f.severity, f.confidence) for f in scan_source(src, "c.sol") if f.detector == "signature-replay"
    }


@pytest.mark.parametrize(("benign", "vulnerable", "function", "note"), REPLAY)
def test_replay_kept_out_elsewhere_leaves_a_note_and_the_open_replay_stays(
    benign: str, vulnerable: str, function: str, note: tuple[str, str]
) -> None:
    # the nonce is no longer missing (a used-mark in a called function, an idempotent set insert) or is
    # the hidden override's job: only the chain id / deadline note is left, at low confidence
    assert _replays(benign) == {function: note}
    assert _replays(vulnerable) == {function: ("high", "medium")}


@pytest.mark.parametrize(
    ("benign", "vulnerable", "function"),
    [(OWNER_GROWTH8, OWNER_GROWTH8_VULN, "setConfig"), (OWNER_GROWTH4, OWNER_GROWTH4_VULN, "addAll")],
)
def test_growth_loop_only_the_owner_runs_is_a_note(benign: str, vulnerable: str, function: str) -> None:
    def growth(src: str) -> dict[str, tuple[str, str]]:
        return {
            f.function: (f.severity, f.confidence)
            for f in scan_source(src, "c.sol")
            if f.detector == "unbounded-growth"
        }

    assert growth(benign) == {function: ("low", "low")}
    assert growth(vulnerable) == {function: ("medium", "medium")}


@pytest.mark.parametrize(
    ("benign", "vulnerable", "function"),
    [(SEND_BOOKKEPT8, SEND_BOOKKEPT8_VULN, "topUp"), (SEND_BOOKKEPT4, SEND_BOOKKEPT4_VULN, "pay")],
)
def test_send_whose_bookkeeping_waits_for_success_is_not_ignored(benign: str, vulnerable: str, function: str) -> None:
    assert _found(benign, "ignored-send-failure") == {}
    assert _found(vulnerable, "ignored-send-failure") == {function: "medium"}


@pytest.mark.parametrize(
    ("benign", "vulnerable", "function"),
    [(TOP_UP_LOOP8, TOP_UP_LOOP8_VULN, "update"), (TOP_UP_LOOP4, TOP_UP_LOOP4_VULN, "fill")],
)
def test_loop_from_the_length_up_to_a_cap_walks_nothing(benign: str, vulnerable: str, function: str) -> None:
    assert _found(benign, "unbounded-loop") == {}
    assert _found(vulnerable, "unbounded-loop") == {function: "medium"}


def test_vyper_field_read_into_a_local_authorises_by_that_field_only() -> None:
    assert _found(FIELD_LOCAL_VY, OWNER, "c.vy") == {}
    assert _found(FIELD_LOCAL_VY_VULN, OWNER, "c.vy") == {"release": "medium"}
